/** Quick replies: an optional message, then up to 10 buttons that go to a sequence or open a link. */
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { arrowDown, arrowUp, trash } from '@wordpress/icons';
import type { FlowButton } from '@handoff-chat/contracts';
import { useIssueIndex } from '../../data/flow-editor-context';
import { uniqueId } from '../../utils/flow-ids';
import { fieldDomId } from '../../utils/flow-issues';
import {
	FieldIssues,
	FlowSelectControl,
	FlowTextControl,
	SequenceSelect,
} from '../flow-field';
import type { StepFormProps, StepOf } from './types';

const MAX_BUTTONS = 10;

export default function ButtonsFields( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'buttons' > > ) {
	const listIssues = useIssueIndex().at( `${ path }.buttons` );
	const setButtons = ( buttons: FlowButton[] ) =>
		onChange( { ...step, buttons } );
	const update = ( i: number, b: FlowButton ) =>
		setButtons( step.buttons.map( ( x, j ) => ( j === i ? b : x ) ) );
	const moveTo = ( i: number, to: number ) => {
		const next = step.buttons.slice();
		const [ b ] = next.splice( i, 1 );
		next.splice( to, 0, b );
		setButtons( next );
	};
	const add = () => {
		const fallback = step.buttons.find( ( b ) => b.action.type === 'goto' );
		setButtons( [
			...step.buttons,
			{
				id: uniqueId(
					'button',
					step.buttons.map( ( b ) => b.id )
				),
				label: '',
				action:
					fallback?.action.type === 'goto'
						? { type: 'goto', sequence: fallback.action.sequence }
						: { type: 'url', url: '' },
			},
		] );
	};

	return (
		<>
			<FlowTextControl
				path={ `${ path }.text` }
				label={ __( 'Message above the buttons', 'handoff-chat' ) }
				value={ step.text }
				onChange={ ( text ) => onChange( { ...step, text } ) }
				multiline
				withVariables
			/>
			<ol
				className="handoff-chat-step-form__buttons"
				id={ fieldDomId( `${ path }.buttons` ) }
				tabIndex={ -1 }
				aria-label={ __( 'Buttons', 'handoff-chat' ) }
			>
				{ step.buttons.map( ( b, i ) => {
					const at = `${ path }.buttons.${ i }`;
					const n = i + 1;
					return (
						<li
							key={ b.id }
							className="handoff-chat-step-form__button"
						>
							<div className="handoff-chat-step-form__button-head">
								<span>
									{ sprintf(
										/* translators: %d: position of the button, from 1. */
										__( 'Button %d', 'handoff-chat' ),
										n
									) }
								</span>
								<span>
									<Button
										size="small"
										icon={ arrowUp }
										label={ __(
											'Move button up',
											'handoff-chat'
										) }
										disabled={ i === 0 }
										accessibleWhenDisabled
										onClick={ () => moveTo( i, i - 1 ) }
									/>
									<Button
										size="small"
										icon={ arrowDown }
										label={ __(
											'Move button down',
											'handoff-chat'
										) }
										disabled={
											i === step.buttons.length - 1
										}
										accessibleWhenDisabled
										onClick={ () => moveTo( i, i + 1 ) }
									/>
									<Button
										size="small"
										icon={ trash }
										isDestructive
										label={ __(
											'Remove button',
											'handoff-chat'
										) }
										onClick={ () =>
											setButtons(
												step.buttons.filter(
													( _, j ) => j !== i
												)
											)
										}
									/>
								</span>
							</div>
							<div className="handoff-chat-step-form__row">
								<FlowTextControl
									path={ `${ at }.label` }
									label={ __( 'Label', 'handoff-chat' ) }
									value={ b.label }
									onChange={ ( label ) =>
										update( i, { ...b, label } )
									}
									withVariables
								/>
								<FlowSelectControl
									path={ `${ at }.action.type` }
									label={ __(
										'When pressed',
										'handoff-chat'
									) }
									value={ b.action.type }
									options={ [
										{
											value: 'goto',
											label: __(
												'Go to a sequence',
												'handoff-chat'
											),
										},
										{
											value: 'url',
											label: __(
												'Open a link',
												'handoff-chat'
											),
										},
									] }
									onChange={ ( type ) =>
										update( i, {
											...b,
											action:
												type === 'url'
													? { type: 'url', url: '' }
													: {
															type: 'goto',
															sequence: '',
														},
										} )
									}
								/>
							</div>
							{ b.action.type === 'goto' ? (
								<SequenceSelect
									path={ `${ at }.action.sequence` }
									label={ __( 'Sequence', 'handoff-chat' ) }
									value={ b.action.sequence }
									onChange={ ( sequence ) =>
										update( i, {
											...b,
											action: {
												type: 'goto',
												sequence: sequence ?? '',
											},
										} )
									}
								/>
							) : (
								<FlowTextControl
									path={ `${ at }.action.url` }
									label={ __( 'Link', 'handoff-chat' ) }
									value={ b.action.url }
									placeholder="https://"
									type="url"
									onChange={ ( url ) =>
										update( i, {
											...b,
											action: { type: 'url', url },
										} )
									}
								/>
							) }
						</li>
					);
				} ) }
			</ol>
			<FieldIssues path={ `${ path }.buttons` } messages={ listIssues } />
			<Button
				variant="secondary"
				onClick={ add }
				disabled={ step.buttons.length >= MAX_BUTTONS }
				accessibleWhenDisabled
				__next40pxDefaultSize
			>
				{ __( 'Add a button', 'handoff-chat' ) }
			</Button>
		</>
	);
}
