/**
 * "How was this conversation?": asked when the visitor sees their conversation closed, in
 * its own chunk (loaded only then, so the panel keeps its size budget). Five star buttons
 * (each named "4 out of 5", pressed state for the choice, arrow keys move between them), an
 * optional comment and a Send button. Nothing shows when the site turned ratings off; a
 * conversation already rated says how. Its calls go over the panel's transport, with the
 * panel's visitor session.
 *
 * What it shares with the panel (gettext, element builders, transport) comes in `kit`
 * rather than by import: a module imported by two chunks is no longer inlined into the
 * panel's, which would cost the panel bytes it does not have (bundle-size.test.ts).
 */
import type {
	Conversation,
	ConversationRating,
	RatingResponse,
} from '@handoff-chat/contracts';
import type { BridgeRequest } from '@handoff-chat/client-core/transport';
import type { statusOf } from '@handoff-chat/client-core/errors';
import type { VisitorSessions } from '../chat/visitor-session';
import type { button, el } from './dom';
import type { __, sprintf } from './i18n';

export interface RatingKit {
	__: typeof __;
	sprintf: typeof sprintf;
	el: typeof el;
	button: typeof button;
	statusOf: typeof statusOf;
	/** LIMITS.ratingComment. */
	maxComment: number;
}

export interface RatingOptions {
	/** The closed-conversation footer: the question goes above its "start a new conversation". */
	host: HTMLElement;
	conversation: Pick< Conversation, 'id' | 'rating' >;
	/** The bridge, over the panel's transport. */
	request: BridgeRequest;
	sessions: Pick< VisitorSessions, 'authed' >;
	kit: RatingKit;
}

const CLASS = 'handoff-chat-rating';
const STARS = 5;

/**
 * Shows the question (or the rating already given) for this conversation in `host`,
 * replacing any earlier conversation's. Resolves once it is shown (or nothing is to show).
 * @param o Where, for which conversation, and how to reach the bridge.
 */
export async function askRating( o: RatingOptions ): Promise< void > {
	// Called as plain functions, so the string extractor reads the calls.
	const { __, sprintf, el, button, statusOf } = o.kit;
	const { request } = o;
	o.host.querySelector( '.' + CLASS )?.remove();
	const path = `/v1/conversations/${ encodeURIComponent(
		o.conversation.id
	) }/rating`;
	const box = el( 'div', CLASS );
	const done = ( rating: ConversationRating ) => {
		box.replaceChildren(
			el(
				'p',
				CLASS + '__thanks',
				sprintf(
					/* translators: %d: the visitor's rating, 1 to 5. */
					__(
						'You rated this conversation %d out of 5.',
						'handoff-chat'
					),
					rating.score
				)
			)
		);
	};

	let state: RatingResponse;
	try {
		state = (
			await o.sessions.authed( ( token ) =>
				request< RatingResponse >( path, { token } )
			)
		).data;
	} catch {
		return; // Asking is a courtesy: the closed conversation stays usable without it.
	}
	const rating = state.rating ?? o.conversation.rating;
	if ( ! state.enabled && ! rating ) {
		return;
	}
	o.host.prepend( box );
	if ( rating ) {
		done( rating );
		return;
	}

	const form = el( 'form', CLASS + '__form' );
	form.noValidate = true;
	const question = el(
		'p',
		CLASS + '__question',
		__( 'How was this conversation?', 'handoff-chat' )
	);
	question.id = `handoff-chat-rating-${ o.conversation.id }`;
	const group = el( 'div', CLASS + '__stars' );
	group.setAttribute( 'role', 'group' );
	group.setAttribute( 'aria-labelledby', question.id );
	let score = 0;
	const stars: HTMLButtonElement[] = [];
	const choose = ( n: number ) => {
		score = n;
		stars.forEach( ( star, i ) => {
			star.setAttribute( 'aria-pressed', String( i + 1 === n ) );
			star.classList.toggle( 'is-lit', i < n );
		} );
		send.disabled = false;
	};
	for ( let n = 1; n <= STARS; n++ ) {
		const star = button( CLASS + '__star', '★', () => choose( n ) );
		star.setAttribute(
			'aria-label',
			sprintf(
				/* translators: %d: a rating from 1 to 5 stars. */
				__( '%d out of 5', 'handoff-chat' ),
				n
			)
		);
		star.setAttribute( 'aria-pressed', 'false' );
		star.addEventListener( 'keydown', ( e ) => {
			const step =
				{ ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[
					e.key
				] ?? 0;
			const next = stars[ n - 1 + step ];
			if ( step && next ) {
				e.preventDefault();
				next.focus();
				choose( n + step );
			}
		} );
		stars.push( star );
	}
	group.append( ...stars );

	const label = el(
		'label',
		CLASS + '__label',
		__( 'Add a comment (optional)', 'handoff-chat' )
	);
	const comment = el( 'textarea', CLASS + '__comment' );
	comment.id = question.id + '-comment';
	comment.rows = 2;
	comment.maxLength = o.kit.maxComment;
	label.htmlFor = comment.id;
	const error = el( 'p', CLASS + '__error', '' );
	error.setAttribute( 'role', 'alert' );
	error.hidden = true;
	const send = el(
		'button',
		'handoff-chat-button',
		__( 'Send my rating', 'handoff-chat' )
	);
	send.type = 'submit';
	send.disabled = true;

	form.addEventListener( 'submit', async ( e ) => {
		e.preventDefault();
		if ( ! score || send.disabled ) {
			return;
		}
		send.disabled = true;
		error.hidden = true;
		try {
			const { data } = await o.sessions.authed( ( token ) =>
				request< { conversation: Conversation } >( path, {
					token,
					body: {
						score,
						...( comment.value.trim()
							? { comment: comment.value.trim() }
							: {} ),
					},
				} )
			);
			done( data.conversation.rating! );
		} catch ( err ) {
			if ( statusOf( err ) === 409 ) {
				// Rated meanwhile (another tab): show what stands.
				void askRating( o );
				return;
			}
			send.disabled = false;
			error.textContent = __(
				'Your rating could not be sent. Please try again.',
				'handoff-chat'
			);
			error.hidden = false;
		}
	} );
	form.append( question, group, label, comment, error, send );
	box.append( form );
}
