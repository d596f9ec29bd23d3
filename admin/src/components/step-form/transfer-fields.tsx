/**
 * Transfer to a human: who gets the conversation, what the visitor reads while
 * waiting, what happens when nobody is online, and the "back to chatbot" button.
 */
import { ToggleControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { toVariableName } from '../../utils/flow-variables';
import {
	FlowSelectControl,
	FlowTextControl,
	SequenceSelect,
} from '../flow-field';
import AdvisorSelect from './advisor-select';
import type { StepFormProps, StepOf } from './types';

type Transfer = StepOf< 'transfer' >;

export default function TransferFields( {
	step,
	path,
	onChange,
}: StepFormProps< Transfer > ) {
	const fallback = ( patch: Partial< Transfer[ 'fallback' ] > ) =>
		onChange( { ...step, fallback: { ...step.fallback, ...patch } } );
	const backToBot = ( patch: Partial< Transfer[ 'backToBot' ] > ) =>
		onChange( { ...step, backToBot: { ...step.backToBot, ...patch } } );

	return (
		<>
			<div className="handoff-chat-step-form__row">
				<FlowSelectControl
					path={ `${ path }.assign` }
					label={ __( 'Assign to', 'handoff-chat' ) }
					value={ step.assign }
					options={ [
						{
							value: 'round_robin',
							label: __(
								'Each advisor online in turn',
								'handoff-chat'
							),
						},
						{
							value: 'advisor',
							label: __( 'A specific advisor', 'handoff-chat' ),
						},
						{
							value: 'none',
							label: __(
								'Nobody: the first advisor to answer',
								'handoff-chat'
							),
						},
					] }
					onChange={ ( assign ) =>
						onChange( {
							...step,
							assign: assign as Transfer[ 'assign' ],
							advisorId:
								assign === 'advisor' ? step.advisorId : null,
						} )
					}
				/>
				{ step.assign === 'advisor' && (
					<AdvisorSelect
						path={ `${ path }.advisorId` }
						value={ step.advisorId }
						onChange={ ( advisorId ) =>
							onChange( { ...step, advisorId } )
						}
					/>
				) }
			</div>
			<FlowTextControl
				path={ `${ path }.waitingText` }
				label={ __(
					'Message while waiting for an advisor',
					'handoff-chat'
				) }
				value={ step.waitingText }
				onChange={ ( waitingText ) =>
					onChange( { ...step, waitingText } )
				}
				multiline
				withVariables
			/>
			<fieldset className="handoff-chat-step-form__group">
				<legend>
					{ __( 'When no advisor is online', 'handoff-chat' ) }
				</legend>
				<FlowTextControl
					path={ `${ path }.fallback.text` }
					label={ __( 'Message', 'handoff-chat' ) }
					value={ step.fallback.text }
					onChange={ ( text ) => fallback( { text } ) }
					help={ __(
						'Leave empty for a standard message.',
						'handoff-chat'
					) }
					multiline
					withVariables
				/>
				<div className="handoff-chat-flow-field">
					<ToggleControl
						label={ __(
							'Ask for an email address to reply later',
							'handoff-chat'
						) }
						checked={ step.fallback.askEmail }
						onChange={ ( askEmail ) => fallback( { askEmail } ) }
						__nextHasNoMarginBottom
					/>
				</div>
				{ step.fallback.askEmail && (
					<>
						<FlowTextControl
							path={ `${ path }.fallback.emailVariable` }
							label={ __(
								'Keep the email in the variable',
								'handoff-chat'
							) }
							value={ step.fallback.emailVariable }
							onChange={ ( v ) =>
								fallback( {
									emailVariable: toVariableName( v ),
								} )
							}
						/>
						<FlowTextControl
							path={ `${ path }.fallback.thanksText` }
							label={ __(
								'Thanks once the email is given',
								'handoff-chat'
							) }
							value={ step.fallback.thanksText }
							onChange={ ( thanksText ) =>
								fallback( { thanksText } )
							}
							help={ __(
								'Leave empty for a standard message.',
								'handoff-chat'
							) }
							multiline
							withVariables
						/>
					</>
				) }
			</fieldset>
			<fieldset className="handoff-chat-step-form__group">
				<legend>{ __( 'Back to the chatbot', 'handoff-chat' ) }</legend>
				<div className="handoff-chat-step-form__row">
					<FlowTextControl
						path={ `${ path }.backToBot.label` }
						label={ __( 'Button label', 'handoff-chat' ) }
						value={ step.backToBot.label }
						onChange={ ( label ) => backToBot( { label } ) }
						help={ __(
							'Leave empty for "Back to chatbot" in the visitor\'s language.',
							'handoff-chat'
						) }
					/>
					<SequenceSelect
						path={ `${ path }.backToBot.sequence` }
						label={ __( 'Returns to', 'handoff-chat' ) }
						value={ step.backToBot.sequence }
						noneLabel={ __(
							'The sequence the conversation started with',
							'handoff-chat'
						) }
						onChange={ ( sequence ) => backToBot( { sequence } ) }
					/>
				</div>
			</fieldset>
		</>
	);
}
