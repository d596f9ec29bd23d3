/**
 * The visitor's rating of a closed conversation: 1–5 and an optional comment, once per
 * conversation (the first answer stands, so a report never counts a changed mind twice),
 * when the site asks for ratings (`ratingEnabled`, on by default). Stored on the
 * conversation row in one conditional UPDATE, so two tabs or two bridge processes cannot
 * both rate it; published as a conversation update so open inboxes show it at once, and as a
 * `conversation.rated` webhook queued in the same transaction.
 */
import type {
	Conversation,
	RatingBody,
	RatingResponse,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import { conflict, forbidden } from '../errors';
import type { EventsService } from './events';
import { toConversation } from './mappers';
import type { SettingsService } from './settings';
import type { WebhooksService } from './webhooks';

export class RatingsService {
	constructor(
		private readonly db: Db,
		private readonly settings: SettingsService,
		private readonly events: EventsService,
		private readonly webhooks: WebhooksService
	) {}

	/** Whether the widget should ask, and what was given. */
	async get( c: Conversation ): Promise< RatingResponse > {
		const { settings } = await this.settings.get( c.siteId );
		return { enabled: settings.ratingEnabled, rating: c.rating ?? null };
	}

	async rate( c: Conversation, body: RatingBody ): Promise< Conversation > {
		const { settings } = await this.settings.get( c.siteId );
		if ( ! settings.ratingEnabled ) {
			throw forbidden( 'This site does not ask for ratings.' );
		}
		const now = nowIso();
		const comment = body.comment || null;
		const [ changed, conversation, queued ] = await this.db.transaction(
			async ( trx ) => {
				const n = await trx( 'conversations' )
					.where( { id: c.id, site_id: c.siteId, state: 'closed' } )
					.whereNull( 'rating_score' )
					.update( {
						rating_score: body.score,
						rating_comment: comment,
						rated_at: now,
						// Reports count the rating for whoever had it when it was rated (closed).
						rating_advisor_id: trx.ref( 'assigned_advisor_id' ),
						updated_at: now,
					} );
				const rated = toConversation(
					await trx( 'conversations' ).where( { id: c.id } ).first()
				);
				const deliveries = n
					? await this.webhooks.emit(
							c.siteId,
							'conversation.rated',
							{
								conversation: rated,
								rating: { score: body.score, comment },
							},
							trx
						)
					: 0;
				return [ n, rated, deliveries ] as const;
			}
		);
		if ( ! changed ) {
			throw conversation.state === 'closed'
				? conflict(
						'This conversation is already rated.',
						'already_rated'
					)
				: conflict(
						'Only a closed conversation can be rated.',
						'not_closed'
					);
		}
		if ( queued ) {
			this.webhooks.kick();
		}
		this.events.conversationUpdated( conversation );
		return conversation;
	}
}
