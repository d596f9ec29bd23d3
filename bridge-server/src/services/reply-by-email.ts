/**
 * Reply by email (issue 15 item 3): the offline form's conversation, the visitor's
 * "answer me by email", and the advisor replies emailed (through WordPress) to a visitor who
 * is not online, with a resume link. Visitor emails are never read back: replies happen in
 * the chat (docs/api.md "Opening hours and reply by email").
 */
import {
	REPLY_EMAIL_VARIABLE,
	type Conversation,
	type EmailReplyNotification,
	type Message,
	type MessageAuthor,
	type StartConversationResponse,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { signResumeToken } from '../auth/resume-token';
import type { Db } from '../db';
import { conflict } from '../errors';
import type { Logger } from '../logger';
import type { ConversationsService, ConversationTx } from './conversations';
import type { NotificationsService } from './notifications';
import type { PresenceService } from './presence';
import type { Site } from './sites';
import type { VariablesService } from './variables';

type VisitorPrincipal = Extract< Principal, { role: 'visitor' } >;

/**
 * An `email-reply` as the outbox keeps it: the resume link and the site's name are added when
 * it is sent, and the visitor id (to look up whether they are online then) is removed.
 */
export type QueuedEmailReply = Omit<
	EmailReplyNotification,
	'resumeToken' | 'siteName'
> & { visitorId: string };

/**
 * At delivery (NotificationsService): null when the visitor has the widget open at the first
 * attempt — they read the reply in the chat — else the body WordPress gets, with a resume
 * link signed now with the site's secret.
 */
export async function emailReplyBody(
	queued: QueuedEmailReply,
	site: Pick< Site, 'id' | 'name' | 'secret' >,
	firstAttempt: boolean,
	presence: Pick< PresenceService, 'visitorOnline' > | undefined
): Promise< string | null > {
	const { visitorId, ...rest } = queued;
	if (
		firstAttempt &&
		( await presence?.visitorOnline( site.id, visitorId ) )
	) {
		return null;
	}
	const body: EmailReplyNotification = {
		...rest,
		resumeToken: signResumeToken( site.secret, {
			siteId: site.id,
			visitorId,
			conversationId: queued.conversationId,
		} ),
		siteName: site.name,
	};
	return JSON.stringify( body );
}

export interface ReplyByEmailDeps {
	db: Db;
	conversations: ConversationsService;
	variables: VariablesService;
	notifications: NotificationsService;
	log: Logger;
	/** PUBLIC_URL: makes an image reply's root-relative URL absolute (else WordPress does, with its bridge URL). */
	publicUrl: string | null;
}

export class ReplyByEmailService {
	constructor( private readonly deps: ReplyByEmailDeps ) {}

	/**
	 * The offline form: a live-chat conversation waiting for the advisors, whose first message
	 * is the visitor's question, answered by email (`replyEmail`, variable EMAIL). The advisors
	 * hear of it as of an escalation.
	 */
	async startOffline(
		p: VisitorPrincipal,
		body: {
			pageUrl?: string;
			pageTitle?: string;
			locale?: string;
			offline: { question: string; email: string };
		}
	): Promise< StartConversationResponse > {
		const { question, email } = body.offline;
		const author: MessageAuthor = {
			type: 'visitor',
			id: p.visitorId,
			name: null,
		};
		return this.deps.conversations.start(
			p.siteId,
			p.visitorId,
			{
				pageUrl: body.pageUrl,
				pageTitle: body.pageTitle,
				mode: 'live',
				flowId: null,
				locale: body.locale ?? null,
				replyEmail: email,
			},
			async ( tx ) => {
				await tx.append( author, { clientId: null, text: question } );
				await this.deps.variables.set(
					p.siteId,
					p.visitorId,
					REPLY_EMAIL_VARIABLE,
					email,
					tx.trx
				);
				const id = tx.id;
				tx.afterCommit.push( () => this.escalate( id ) );
			}
		);
	}

	/** Emails the advisors about the offline question (WordPress's escalation email). */
	private async escalate( conversationId: string ): Promise< void > {
		const { conversations, notifications } = this.deps;
		const row = await conversations.peek( conversationId );
		const escalation = row
			? await notifications.prepareEscalation( row )
			: null;
		if ( ! escalation ) {
			return;
		}
		await conversations.transact( conversationId, async ( tx ) => {
			await notifications.enqueue( tx.trx, escalation, null );
			tx.afterCommit.push( async () => notifications.kick() );
		} );
	}

	/** `POST …/reply-by-email`: the visitor asks to be answered by email (409 once closed). */
	async set(
		p: VisitorPrincipal,
		conversationId: string,
		email: string
	): Promise< Conversation > {
		return this.deps.conversations.transact(
			conversationId,
			async ( tx ) => {
				if ( tx.raw.state === 'closed' ) {
					throw conflict(
						'This conversation is closed: start a new one.',
						'conversation_closed'
					);
				}
				await this.deps.variables.set(
					p.siteId,
					p.visitorId,
					REPLY_EMAIL_VARIABLE,
					email,
					tx.trx
				);
				if ( tx.raw.reply_email !== email ) {
					tx.patch( { reply_email: email } );
				}
				return tx.conversation;
			},
			{ principal: p }
		);
	}

	/**
	 * Inside the advisor's message's unit of work: when the conversation has a `replyEmail`,
	 * queues the `email-reply` notification, so it commits (or not) with the reply. Only an
	 * advisor's visible message (text or image), never a note. No lookup here: whether the
	 * visitor is online, and the resume link, are settled when it is sent (emailReplyBody).
	 */
	async enqueue( tx: ConversationTx, message: Message ): Promise< void > {
		const to: string | null = tx.raw.reply_email ?? null;
		if (
			! to ||
			message.author.type !== 'advisor' ||
			( message.kind !== 'text' && message.kind !== 'image' )
		) {
			return;
		}
		const image = message.kind === 'image' ? message.meta?.image : null;
		const queued: QueuedEmailReply = {
			type: 'email-reply',
			conversationId: tx.id,
			messageId: message.id,
			to,
			locale: tx.raw.locale ?? null,
			advisorName: message.author.name ?? '',
			text: message.text,
			imageUrl: image ? this.absolute( image.url ) : null,
			pageUrl: tx.raw.page_url ?? null,
			pageTitle: tx.raw.page_title ?? null,
			visitorId: tx.raw.visitor_id,
		};
		const { notifications } = this.deps;
		await notifications.enqueuePayload( tx.trx, tx.raw.site_id, queued );
		tx.afterCommit.push( async () => notifications.kick() );
	}

	private absolute( url: string ): string {
		return url.startsWith( '/' ) && this.deps.publicUrl
			? this.deps.publicUrl + url
			: url;
	}
}
