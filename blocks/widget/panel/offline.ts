/**
 * Reply by email (docs/api.md "Opening hours and reply by email"), in its own chunk: loaded
 * only when the panel opens without a conversation in live chat, on a conversation that has
 * a reply address or found nobody online, or on a resume link — the panel bundle is at its
 * size budget (bundle-size.test.ts).
 *
 * - Outside opening hours the visitor is told so at once and leaves their question and email
 *   (checked here, then by the bridge): that starts the live conversation, flagged "reply by
 *   email" in the inbox.
 * - Within opening hours with no advisor available (all offline or away), the visitor is told
 *   so at once but writes in the chat as usual (someone may be back in minutes); while nobody
 *   has taken the conversation, it offers the answer by email (`POST …/reply-by-email`), as
 *   it does on a conversation whose transfer found nobody (`handoff: "no_advisor"`).
 * - A conversation with a reply address says where the answer goes.
 * - A resume link (`#handoff-chat-resume=<token>`, from the email) gives this browser the
 *   visitor of that conversation and opens it.
 *
 * What it shares with the panel comes in `kit` (see rating.ts for why).
 */
import type {
	Availability,
	Conversation,
	VisitorSession,
} from '@handoff-chat/contracts';
import type { BridgeRequest } from '@handoff-chat/client-core/transport';
import type { statusOf } from '@handoff-chat/client-core/errors';
import type { validateAnswer } from '@handoff-chat/contracts/flow-values';
import type { ChatController, ChatState } from '../chat/chat-controller';
import type { button, el } from './dom';
import type { __, sprintf } from './i18n';
import type { PanelRefs } from './panel-view';

export interface OfflineKit {
	__: typeof __;
	sprintf: typeof sprintf;
	el: typeof el;
	button: typeof button;
	statusOf: typeof statusOf;
	validateAnswer: typeof validateAnswer;
	/** LIMITS.messageText. */
	maxQuestion: number;
}

export interface OfflineContext {
	refs: Pick< PanelRefs, 'panel' | 'scroller' | 'log' >;
	controller: Pick< ChatController, 'startOffline' | 'catchUp' | 'sessions' >;
	/** The bridge, over the panel's transport. */
	request: BridgeRequest;
	siteId: string;
	/** The dates' language (`fr_FR` or `fr-FR`). */
	locale: string | undefined;
	kit: OfflineKit;
}

const CLASS = 'handoff-chat-offline';
/** The panel hides its introduction and composer while the offline form shows. */
const PANEL_CLASS = 'is-offline';

/** Where the resume link's token travels: a fragment, never sent to a server. */
export const RESUME_HASH = /^#handoff-chat-resume=([\w.-]+)$/;

let uid = 0;

/**
 * "Back on Monday 9 December at 09:00", in the visitor's own time zone.
 * @param iso    When the site opens again.
 * @param locale The panel's language.
 */
function when( iso: string, locale: string | undefined ): string {
	const date = new Date( iso );
	if ( isNaN( date.getTime() ) ) {
		return '';
	}
	const options: Intl.DateTimeFormatOptions = {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		hour: 'numeric',
		minute: '2-digit',
	};
	try {
		return date.toLocaleString( locale?.replace( '_', '-' ), options );
	} catch {
		return date.toLocaleString( undefined, options ); // An odd locale string.
	}
}

/**
 * A labelled field with its error line.
 * @param kit   The panel's builders.
 * @param field The input or textarea.
 * @param label Its label.
 */
function labelled(
	kit: OfflineKit,
	field: HTMLInputElement | HTMLTextAreaElement,
	label: string
) {
	field.id = `${ CLASS }-${ ++uid }`;
	const l = kit.el( 'label', CLASS + '__label', label );
	l.htmlFor = field.id;
	const error = kit.el( 'p', CLASS + '__error', '' );
	error.id = field.id + '-error';
	error.hidden = true;
	const show = ( text: string | null ) => {
		error.textContent = text ?? '';
		error.hidden = ! text;
		field.setAttribute( 'aria-invalid', String( !! text ) );
		if ( text ) {
			field.setAttribute( 'aria-describedby', error.id );
		} else {
			field.removeAttribute( 'aria-describedby' );
		}
	};
	return { nodes: [ l, field, error ], show };
}

/**
 * The email field with its check (the flow's email rule, as the bridge applies it).
 * @param kit The panel's builders.
 */
function emailField( kit: OfflineKit ) {
	const { __ } = kit;
	const input = kit.el( 'input', CLASS + '__input' );
	input.type = 'email';
	input.autocomplete = 'email';
	input.required = true;
	const f = labelled( kit, input, __( 'Your email', 'handoff-chat' ) );
	const check = (): string | null => {
		const email = kit.validateAnswer( 'email', input.value );
		f.show(
			email
				? null
				: __( 'Please enter a valid email address.', 'handoff-chat' )
		);
		return email;
	};
	return { input, nodes: f.nodes, show: f.show, check };
}

/**
 * The view, to call with each state the panel draws. Fetches the availability whenever the
 * panel shows no conversation, and shows the form when only an email can get an answer.
 * @param ctx The panel's parts.
 */
export function offlineView( ctx: OfflineContext ): ( s: ChatState ) => void {
	const { kit, refs } = ctx;
	const { __, sprintf, el } = kit;
	const box = el( 'div', CLASS );
	box.hidden = true;
	refs.log.after( box );
	let asked = false;
	let shown: 'form' | 'notice' | 'line' | 'offer' | null = null;
	let last: ChatState | null = null;
	/** Opening hours, but nobody available was online when the panel opened. */
	let nobody = false;

	const show = ( kind: typeof shown, ...nodes: Node[] ) => {
		shown = kind;
		box.replaceChildren( ...nodes );
		box.hidden = ! kind;
		refs.panel.classList.toggle( PANEL_CLASS, kind === 'form' );
	};

	function form( a: Availability ): void {
		const title = el(
			'p',
			CLASS + '__title',
			__( 'We’re away right now', 'handoff-chat' )
		);
		const back = a.nextOpenAt ? when( a.nextOpenAt, ctx.locale ) : '';
		const nodes: Node[] = [ title ];
		if ( back ) {
			nodes.push(
				el(
					'p',
					CLASS + '__back',
					sprintf(
						/* translators: %s: when the team is back, e.g. "Monday 9 December at 09:00". */
						__( 'Back on %s', 'handoff-chat' ),
						back
					)
				)
			);
		}
		nodes.push(
			el(
				'p',
				CLASS + '__text',
				__(
					'Leave your question and your email: we will answer you by email.',
					'handoff-chat'
				)
			)
		);
		const f = el( 'form', CLASS + '__form' );
		f.noValidate = true;
		const text = el( 'textarea', CLASS + '__input' );
		text.rows = 3;
		text.maxLength = kit.maxQuestion;
		text.required = true;
		const question = labelled(
			kit,
			text,
			__( 'Your question', 'handoff-chat' )
		);
		const email = emailField( kit );
		const problem = el( 'p', CLASS + '__error', '' );
		problem.setAttribute( 'role', 'alert' );
		problem.hidden = true;
		const send = el(
			'button',
			'handoff-chat-button',
			__( 'Send', 'handoff-chat' )
		);
		send.type = 'submit';
		f.append( ...question.nodes, ...email.nodes, problem, send );
		// As in the composer (chat-panel.ts): Enter sends, Shift+Enter is a new line, and an input
		// method's Enter (isComposing, or keyCode 229 where Safari sends it after the composition) is left alone.
		text.addEventListener( 'keydown', ( e ) => {
			if (
				e.key === 'Enter' &&
				! e.shiftKey &&
				! e.isComposing &&
				e.keyCode !== 229
			) {
				e.preventDefault();
				f.requestSubmit();
			}
		} );
		f.addEventListener( 'submit', async ( e ) => {
			e.preventDefault();
			if ( send.disabled ) {
				return;
			}
			const q = text.value.trim();
			question.show(
				q ? null : __( 'Please write your question.', 'handoff-chat' )
			);
			const address = email.check();
			if ( ! q || ! address ) {
				( q ? email.input : text ).focus();
				return;
			}
			send.disabled = true;
			problem.hidden = true;
			try {
				await ctx.controller.startOffline( {
					question: q,
					email: address,
				} );
			} catch ( err ) {
				send.disabled = false;
				if ( kit.statusOf( err ) === 400 ) {
					// The bridge's own check refused it (the question was checked above).
					email.show(
						__(
							'Please enter a valid email address.',
							'handoff-chat'
						)
					);
					email.input.focus();
					return;
				}
				problem.textContent = __(
					'Your message could not be sent. Please try again.',
					'handoff-chat'
				);
				problem.hidden = false;
			}
		} );
		show( 'form', ...nodes, f );
		if ( refs.panel.contains( refs.panel.ownerDocument.activeElement ) ) {
			text.focus( { preventScroll: true } );
		}
	}

	/**
	 * "Get the answer by email" on a live conversation that found nobody.
	 * @param c The conversation.
	 */
	function offer( c: Conversation ): void {
		const email = emailField( kit );
		const f = el( 'form', CLASS + '__form' );
		f.noValidate = true;
		f.hidden = true;
		const send = el(
			'button',
			'handoff-chat-button',
			__( 'Send my email', 'handoff-chat' )
		);
		send.type = 'submit';
		f.append( ...email.nodes, send );
		const open = kit.button(
			'handoff-chat-button is-secondary',
			__( 'Get the answer by email', 'handoff-chat' ),
			() => {
				open.hidden = true;
				f.hidden = false;
				email.input.focus();
			}
		);
		f.addEventListener( 'submit', async ( e ) => {
			e.preventDefault();
			const address = email.check();
			if ( ! address || send.disabled ) {
				return;
			}
			send.disabled = true;
			try {
				await ctx.controller.sessions.authed( ( token ) =>
					ctx.request(
						`/v1/conversations/${ encodeURIComponent(
							c.id
						) }/reply-by-email`,
						{ token, body: { email: address } }
					)
				);
				await ctx.controller.catchUp( true );
			} catch ( err ) {
				send.disabled = false;
				email.show(
					kit.statusOf( err ) === 400
						? __(
								'Please enter a valid email address.',
								'handoff-chat'
							)
						: __(
								'Your email could not be saved. Please try again.',
								'handoff-chat'
							)
				);
			}
		} );
		show(
			'offer',
			el(
				'p',
				CLASS + '__text',
				__(
					'No advisor is available right now. Leave your email and we will answer you by email.',
					'handoff-chat'
				)
			),
			open,
			f
		);
	}

	async function check(): Promise< void > {
		let a: Availability;
		try {
			a = (
				await ctx.controller.sessions.authed( ( token ) =>
					ctx.request< Availability >(
						'/v1/availability?pageUrl=' +
							encodeURIComponent(
								location.href.slice( 0, 2000 )
							),
						{ token }
					)
				)
			).data;
		} catch {
			return; // The live chat stays usable: the visitor may write anyway.
		}
		nobody = a.open && ! a.advisorsAvailable;
		// Only while there is still no conversation (the visitor may have written meanwhile).
		if ( ! a.replyByEmail || ! last || last.conversation ) {
			return;
		}
		if ( nobody ) {
			// Within opening hours an advisor may be back any minute: the visitor writes in the
			// chat as usual, and is offered the answer by email while nobody has taken it.
			show(
				'notice',
				el(
					'p',
					CLASS + '__title',
					__( 'Nobody is available right now', 'handoff-chat' )
				),
				el(
					'p',
					CLASS + '__text',
					__(
						'Write your question: if nobody can answer soon, you can get the answer by email.',
						'handoff-chat'
					)
				)
			);
		} else {
			form( a );
		}
	}

	return ( s ) => {
		last = s;
		const c = s.conversation;
		if ( ! c ) {
			if ( ! s.bot && s.phase === 'ready' && ! asked ) {
				asked = true;
				void check();
			} else if ( shown === 'line' || shown === 'offer' ) {
				show( null );
			}
			return;
		}
		asked = false; // A new conversation after this one asks again.
		// With a flow, the bot's own words confirm the address (its transfer's fallback).
		if ( c.replyEmail && c.state !== 'closed' && ! c.flowId ) {
			if (
				shown !== 'line' ||
				box.textContent?.indexOf( c.replyEmail ) === -1
			) {
				show(
					'line',
					el(
						'p',
						CLASS + '__line',
						sprintf(
							/* translators: %s: the visitor's email address. */
							__( 'We’ll reply to %s by email.', 'handoff-chat' ),
							c.replyEmail
						)
					)
				);
			}
		} else if (
			// Not while the bot's fallback asks for the email itself.
			c.awaits?.type !== 'answer' &&
			( c.handoff === 'no_advisor' ||
				( nobody && c.state === 'waiting' ) )
		) {
			if ( shown !== 'offer' ) {
				offer( c );
			}
		} else if ( shown ) {
			show( null );
		}
	};
}

/**
 * Opens the conversation of a resume link: this browser becomes that visitor (the token is
 * the capability, like a magic link), and the address loses its fragment. An invalid or
 * expired link says so and the chat starts as usual.
 * @param token The `hcr1.…` token from the fragment.
 * @param ctx   The panel's parts.
 */
export async function resume(
	token: string,
	ctx: OfflineContext
): Promise< void > {
	const { kit } = ctx;
	try {
		ctx.controller.sessions.adopt(
			(
				await ctx.request< VisitorSession >(
					`/v1/sites/${ encodeURIComponent( ctx.siteId ) }/visitors`,
					{ body: { resume: token }, simple: true }
				)
			).data
		);
	} catch ( e ) {
		if ( kit.statusOf( e ) !== 401 ) {
			throw e; // Offline or down: the link stays, for a reload.
		}
		const note = kit.el(
			'p',
			CLASS + '__resume-error',
			kit.__(
				'This link to your conversation has expired or is not valid. You can write to us here.',
				'handoff-chat'
			)
		);
		note.setAttribute( 'role', 'alert' );
		ctx.refs.scroller.prepend( note );
	}
	history.replaceState(
		history.state,
		'',
		location.pathname + location.search
	);
}
