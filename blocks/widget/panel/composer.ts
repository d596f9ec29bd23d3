/**
 * The composer's field as the bot's question wants it: the multi-line textarea for
 * messages and text answers, a single-line input with the right keyboard and autofill for
 * emails, phone numbers and numbers. Checks typed answers inline as a hint only: an
 * answer that looks wrong is flagged once, and sent as it is if the visitor sends it again.
 */
import { __ } from './i18n';
import type { AnswerType } from '@handoff-chat/contracts';
// The bridge's own checks (zod-free module): it decides, the widget only hints.
import { validateAnswer } from '@handoff-chat/contracts/flow-values';
import type { PanelRefs } from './panel-view';

type Field = HTMLTextAreaElement | HTMLInputElement;
type TypedAnswer = Exclude< AnswerType, 'text' >;

const FIELD_ATTRIBUTES: Record<
	TypedAnswer,
	{ type: string; inputMode: string; autocomplete: string }
> = {
	email: { type: 'email', inputMode: 'email', autocomplete: 'email' },
	phone: { type: 'tel', inputMode: 'tel', autocomplete: 'tel' },
	number: { type: 'text', inputMode: 'decimal', autocomplete: 'off' },
};

function placeholder( type: AnswerType | null ): string {
	switch ( type ) {
		case 'email':
			return __( 'Your email', 'handoff-chat' );
		case 'phone':
			return __( 'Your phone number', 'handoff-chat' );
		case 'number':
			return __( 'A number', 'handoff-chat' );
		case 'text':
			return __( 'Type your answer…', 'handoff-chat' );
		default:
			return __( 'Type your message…', 'handoff-chat' );
	}
}

function problem( type: TypedAnswer ): string {
	switch ( type ) {
		case 'email':
			return __(
				'This does not look like an email address.',
				'handoff-chat'
			);
		case 'phone':
			return __(
				'This does not look like a phone number.',
				'handoff-chat'
			);
		default:
			return __( 'This does not look like a number.', 'handoff-chat' );
	}
}

export interface Composer {
	/** The field in use. */
	field: () => Field;
	/** Adapts the field to what the bot asks (null: a plain message). */
	setQuestion: ( type: AnswerType | null ) => void;
	/** False when the answer looks invalid and was not flagged yet: the hint shows instead. */
	check: () => boolean;
	clear: () => void;
	/** After each keystroke: clears a hint that no longer applies. */
	onInput: () => void;
	/** Images wait in the composer: the field takes their caption. */
	setCaptioning: ( on: boolean ) => void;
}

export function createComposer( refs: PanelRefs ): Composer {
	let question: AnswerType | null = null;
	let captioning = false;
	const hint = () =>
		captioning
			? __( 'Add a caption…', 'handoff-chat' )
			: placeholder( question );
	let flagged: string | null = null;
	refs.answer.setAttribute(
		'aria-label',
		__( 'Your answer', 'handoff-chat' )
	);

	const typed = (): TypedAnswer | null =>
		question && question !== 'text' ? question : null;
	const field = (): Field => ( typed() ? refs.answer : refs.input );

	function showProblem( text: string | null ): void {
		refs.answerError.hidden = text === null;
		refs.answerError.replaceChildren();
		if ( text !== null ) {
			refs.answerError.append(
				text + ' ',
				__( 'Send it again to keep it as it is.', 'handoff-chat' )
			);
			refs.answer.setAttribute( 'aria-invalid', 'true' );
		} else {
			refs.answer.removeAttribute( 'aria-invalid' );
		}
	}

	return {
		field,
		setQuestion( type ) {
			if ( type === question ) {
				return;
			}
			const before = field();
			question = type;
			flagged = null;
			showProblem( null );
			const after = field();
			const t = typed();
			if ( t ) {
				const a = FIELD_ATTRIBUTES[ t ];
				refs.answer.type = a.type;
				refs.answer.inputMode = a.inputMode;
				refs.answer.autocomplete = a.autocomplete as AutoFill;
			}
			after.placeholder = hint();
			if ( before !== after ) {
				const hadFocus = before.ownerDocument.activeElement === before;
				if ( before.value && ! after.value ) {
					after.value = before.value.replace( /\s*\n\s*/g, ' ' );
				}
				before.value = '';
				before.hidden = true;
				after.hidden = false;
				if ( hadFocus ) {
					after.focus( { preventScroll: true } );
				}
			}
		},
		check() {
			const t = captioning ? null : typed();
			const value = refs.answer.value;
			if (
				! t ||
				! value.trim() ||
				validateAnswer( t, value ) !== null
			) {
				showProblem( null );
				return true;
			}
			if ( flagged === value ) {
				return true; // The visitor insists: the bridge decides.
			}
			flagged = value;
			showProblem( problem( t ) );
			return false;
		},
		clear() {
			field().value = '';
			flagged = null;
			showProblem( null );
		},
		setCaptioning( on ) {
			captioning = on;
			showProblem( null );
			field().placeholder = hint();
		},
		onInput() {
			const t = typed();
			if (
				t &&
				! refs.answerError.hidden &&
				validateAnswer( t, refs.answer.value ) !== null
			) {
				showProblem( null );
			}
		},
	};
}
