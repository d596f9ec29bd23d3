/** Translated names of the flow editor's choices. */
import { __, sprintf } from '@wordpress/i18n';
import type {
	AnswerType,
	Flow,
	FlowStep,
	FlowStepType,
} from '@handoff-chat/contracts';

export const STEP_TYPES: FlowStepType[] = [
	'text',
	'image',
	'buttons',
	'question',
	'condition',
	'set_variable',
	'note',
	'transfer',
	'goto',
	'end',
];

export function stepTypeLabel( type: FlowStepType ): string {
	switch ( type ) {
		case 'text':
			return __( 'Text', 'handoff-chat' );
		case 'image':
			return __( 'Image', 'handoff-chat' );
		case 'buttons':
			return __( 'Buttons', 'handoff-chat' );
		case 'question':
			return __( 'Question', 'handoff-chat' );
		case 'condition':
			return __( 'Condition', 'handoff-chat' );
		case 'set_variable':
			return __( 'Set a variable', 'handoff-chat' );
		case 'note':
			return __( 'Note for the advisor', 'handoff-chat' );
		case 'transfer':
			return __( 'Transfer to a human', 'handoff-chat' );
		case 'goto':
			return __( 'Go to a sequence', 'handoff-chat' );
		case 'end':
			return __( 'End', 'handoff-chat' );
	}
	return type;
}

export function stepTypeHelp( type: FlowStepType ): string {
	switch ( type ) {
		case 'text':
			return __( 'The bot says a message.', 'handoff-chat' );
		case 'image':
			return __( 'The bot shows a picture.', 'handoff-chat' );
		case 'buttons':
			return __(
				'Quick replies; the bot waits for a press.',
				'handoff-chat'
			);
		case 'question':
			return __(
				'The bot asks and keeps the answer in a variable.',
				'handoff-chat'
			);
		case 'condition':
			return __(
				'Goes one way or another on a variable.',
				'handoff-chat'
			);
		case 'set_variable':
			return __( 'Gives a variable a value.', 'handoff-chat' );
		case 'note':
			return __(
				'Only advisors see it, in the conversation.',
				'handoff-chat'
			);
		case 'transfer':
			return __(
				'Hands the conversation to an advisor.',
				'handoff-chat'
			);
		case 'goto':
			return __( 'Continues with another sequence.', 'handoff-chat' );
		case 'end':
			return __( 'The bot stops here.', 'handoff-chat' );
	}
	return '';
}

export function answerTypeLabel( type: AnswerType ): string {
	switch ( type ) {
		case 'text':
			return __( 'Any text', 'handoff-chat' );
		case 'email':
			return __( 'Email address', 'handoff-chat' );
		case 'phone':
			return __( 'Phone number', 'handoff-chat' );
		case 'number':
			return __( 'Number', 'handoff-chat' );
	}
	return type;
}

type Operator = Extract< FlowStep, { type: 'condition' } >[ 'operator' ];

export const OPERATORS: Operator[] = [
	'equals',
	'not_equals',
	'contains',
	'is_set',
	'is_not_set',
	'gt',
	'lt',
];

export function operatorLabel( op: Operator ): string {
	switch ( op ) {
		case 'equals':
			return __( 'is', 'handoff-chat' );
		case 'not_equals':
			return __( 'is not', 'handoff-chat' );
		case 'contains':
			return __( 'contains', 'handoff-chat' );
		case 'is_set':
			return __( 'is filled in', 'handoff-chat' );
		case 'is_not_set':
			return __( 'is empty', 'handoff-chat' );
		case 'gt':
			return __( 'is greater than', 'handoff-chat' );
		case 'lt':
			return __( 'is less than', 'handoff-chat' );
	}
	return op;
}

export function modeLabel( mode: Flow[ 'mode' ] ): string {
	return mode === 'live'
		? __( 'Live chat only', 'handoff-chat' )
		: __( 'Chatbot then human', 'handoff-chat' );
}

/** Where a path is, for people: "Flow settings", "Sequence “Menu”", "Sequence “Menu”, step 2 (Buttons)". */
export function describeLocation( flow: Flow, path: string ): string {
	const m = path.match( /^sequences\.(\d+)(?:\.steps\.(\d+))?/ );
	if ( ! m ) {
		return __( 'Flow settings', 'handoff-chat' );
	}
	const seq = flow.sequences[ Number( m[ 1 ] ) ];
	const seqLabel = sprintf(
		/* translators: %s: name of a sequence of the bot flow. */
		__( 'Sequence “%s”', 'handoff-chat' ),
		seq ? seq.name.trim() || seq.id : m[ 1 ]
	);
	if ( m[ 2 ] === undefined ) {
		return seqLabel;
	}
	const step = seq?.steps[ Number( m[ 2 ] ) ];
	return sprintf(
		/* translators: 1: a sequence, e.g. Sequence “Menu”; 2: position of the step, from 1; 3: kind of step, e.g. Buttons. */
		__( '%1$s, step %2$d (%3$s)', 'handoff-chat' ),
		seqLabel,
		Number( m[ 2 ] ) + 1,
		step ? stepTypeLabel( step.type ) : '?'
	);
}
