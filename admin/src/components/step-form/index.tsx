/**
 * One form per step type. Each edits a whole step and hands it back through
 * `onChange`; field ids and issues come from `path` (`sequences.<i>.steps.<j>`).
 */
import { __ } from '@wordpress/i18n';
import type { ComponentType } from 'react';
import type { AnswerType, FlowStep } from '@handoff-chat/contracts';
import {
	answerTypeLabel,
	OPERATORS,
	operatorLabel,
} from '../../utils/flow-labels';
import { toVariableName } from '../../utils/flow-variables';
import {
	FlowSelectControl,
	FlowTextControl,
	SequenceSelect,
} from '../flow-field';
import ButtonsFields from './buttons-fields';
import ImageFields from './image-fields';
import TransferFields from './transfer-fields';
import type { StepFormProps, StepOf } from './types';
import './index.scss';

const ANSWER_TYPES: AnswerType[] = [ 'text', 'email', 'phone', 'number' ];

/** Variable names are typed freely and kept in the schema's UPPER_CASE form. */
function VariableField( {
	path,
	value,
	onChange,
	help,
}: {
	path: string;
	value: string;
	onChange: ( v: string ) => void;
	help?: string;
} ) {
	return (
		<FlowTextControl
			path={ path }
			label={ __( 'Variable', 'handoff-chat' ) }
			value={ value }
			onChange={ ( v ) => onChange( toVariableName( v ) ) }
			placeholder={ __( 'e.g. FIRST_NAME', 'handoff-chat' ) }
			help={ help }
			className="handoff-chat-step-form__variable"
		/>
	);
}

function QuestionFields( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'question' > > ) {
	return (
		<>
			<FlowTextControl
				path={ `${ path }.text` }
				label={ __( 'Question', 'handoff-chat' ) }
				value={ step.text }
				onChange={ ( text ) => onChange( { ...step, text } ) }
				multiline
				withVariables
			/>
			<div className="handoff-chat-step-form__row">
				<VariableField
					path={ `${ path }.variable` }
					value={ step.variable }
					onChange={ ( variable ) =>
						onChange( { ...step, variable } )
					}
					help={ __( 'The answer is kept in it.', 'handoff-chat' ) }
				/>
				<FlowSelectControl
					path={ `${ path }.answerType` }
					label={ __( 'Expected answer', 'handoff-chat' ) }
					value={ step.answerType }
					options={ ANSWER_TYPES.map( ( t ) => ( {
						value: t,
						label: answerTypeLabel( t ),
					} ) ) }
					onChange={ ( v ) =>
						onChange( { ...step, answerType: v as AnswerType } )
					}
				/>
			</div>
			<FlowTextControl
				path={ `${ path }.invalidText` }
				label={ __(
					'Asked again when the answer is not valid',
					'handoff-chat'
				) }
				value={ step.invalidText }
				onChange={ ( invalidText ) =>
					onChange( { ...step, invalidText } )
				}
				help={ __(
					'Leave empty for a standard message.',
					'handoff-chat'
				) }
				withVariables
			/>
		</>
	);
}

function ConditionFields( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'condition' > > ) {
	const needsValue =
		step.operator !== 'is_set' && step.operator !== 'is_not_set';
	return (
		<>
			<div className="handoff-chat-step-form__row">
				<VariableField
					path={ `${ path }.variable` }
					value={ step.variable }
					onChange={ ( variable ) =>
						onChange( { ...step, variable } )
					}
				/>
				<FlowSelectControl
					path={ `${ path }.operator` }
					label={ __( 'Test', 'handoff-chat' ) }
					value={ step.operator }
					options={ OPERATORS.map( ( o ) => ( {
						value: o,
						label: operatorLabel( o ),
					} ) ) }
					onChange={ ( v ) =>
						onChange( {
							...step,
							operator: v as StepOf< 'condition' >[ 'operator' ],
						} )
					}
				/>
			</div>
			{ needsValue && (
				<FlowTextControl
					path={ `${ path }.value` }
					label={ __( 'Value', 'handoff-chat' ) }
					value={ step.value }
					onChange={ ( value ) => onChange( { ...step, value } ) }
					help={ __(
						'Compared without regard to case; "greater" and "less" compare numbers.',
						'handoff-chat'
					) }
					withVariables
				/>
			) }
			<div className="handoff-chat-step-form__row">
				<SequenceSelect
					path={ `${ path }.then` }
					label={ __( 'If true, go to', 'handoff-chat' ) }
					value={ step.then }
					onChange={ ( then ) =>
						onChange( { ...step, then: then ?? '' } )
					}
				/>
				<SequenceSelect
					path={ `${ path }.else` }
					label={ __( 'Otherwise', 'handoff-chat' ) }
					value={ step.else ?? null }
					noneLabel={ __(
						'Continue with the next step',
						'handoff-chat'
					) }
					onChange={ ( target ) => {
						const { else: _dropped, ...rest } = step;
						onChange( target ? { ...rest, else: target } : rest );
					} }
				/>
			</div>
		</>
	);
}

/** The label and help of the steps whose only field is their text. */
function textFieldLabels( type: 'text' | 'note' | 'end' ): {
	label: string;
	help?: string;
} {
	switch ( type ) {
		case 'note':
			return {
				label: __( 'Note', 'handoff-chat' ),
				help: __(
					'Added to the conversation for the advisors; the visitor never sees it.',
					'handoff-chat'
				),
			};
		case 'end':
			return {
				label: __( 'Last message', 'handoff-chat' ),
				help: __(
					'Optional. The bot says nothing more after it.',
					'handoff-chat'
				),
			};
	}
	return { label: __( 'Message', 'handoff-chat' ) };
}

/** A message, a note or the last message: one text field. */
function StepTextField( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'text' | 'note' | 'end' > > ) {
	return (
		<FlowTextControl
			{ ...textFieldLabels( step.type ) }
			path={ `${ path }.text` }
			value={ step.text }
			onChange={ ( text ) => onChange( { ...step, text } ) }
			multiline
			withVariables
		/>
	);
}

function SetVariableFields( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'set_variable' > > ) {
	return (
		<>
			<VariableField
				path={ `${ path }.variable` }
				value={ step.variable }
				onChange={ ( variable ) => onChange( { ...step, variable } ) }
			/>
			<FlowTextControl
				path={ `${ path }.value` }
				label={ __( 'Value', 'handoff-chat' ) }
				value={ step.value }
				onChange={ ( value ) => onChange( { ...step, value } ) }
				withVariables
			/>
		</>
	);
}

function GotoFields( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'goto' > > ) {
	return (
		<SequenceSelect
			path={ `${ path }.sequence` }
			label={ __( 'Go to', 'handoff-chat' ) }
			value={ step.sequence }
			onChange={ ( sequence ) =>
				onChange( { ...step, sequence: sequence ?? '' } )
			}
		/>
	);
}

type FormOf< T extends FlowStep[ 'type' ] > = ComponentType<
	StepFormProps< StepOf< T > >
>;

/** The form of each step type. */
const FORMS: { [ T in FlowStep[ 'type' ] ]: FormOf< T > } = {
	text: StepTextField,
	note: StepTextField,
	end: StepTextField,
	image: ImageFields,
	buttons: ButtonsFields,
	question: QuestionFields,
	condition: ConditionFields,
	set_variable: SetVariableFields,
	transfer: TransferFields,
	goto: GotoFields,
};

export default function StepForm( { step, path, onChange }: StepFormProps ) {
	// TypeScript cannot tie FORMS[ step.type ] to step's own type: the table above does.
	const Form = FORMS[ step.type ] as
		ComponentType< StepFormProps > | undefined;
	return Form ? (
		<Form step={ step } path={ path } onChange={ onChange } />
	) : null;
}
