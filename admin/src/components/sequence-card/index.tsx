/**
 * One sequence: its name and id, its steps, and the moves (reorder, set as start,
 * delete). Deleting one that other steps lead to lists those places first; changing
 * its id rewrites every reference to it.
 */
import {
	Card,
	CardBody,
	CardHeader,
	DropdownMenu,
	MenuGroup,
	MenuItem,
} from '@wordpress/components';
import { memo, useState } from '@wordpress/element';
import { __, _x, sprintf } from '@wordpress/i18n';
import { plus, trash } from '@wordpress/icons';
import type { FlowSequence } from '@handoff-chat/contracts';
import {
	useFlowDispatch,
	useFlowReader,
	useIssueIndex,
} from '../../data/flow-editor-context';
import { sequenceReferences } from '../../utils/flow-references';
import { fieldDomId } from '../../utils/flow-issues';
import {
	describeLocation,
	STEP_TYPES,
	stepTypeHelp,
	stepTypeLabel,
} from '../../utils/flow-labels';
import { FieldIssues, FlowTextControl } from '../flow-field';
import SequenceId from './sequence-id';
import StepCard from '../step-card';
import { CardActions, ProblemCount } from '../step-card/card-head';
import ConfirmDialog from '../confirm-dialog';
import './index.scss';

interface Props {
	sequence: FlowSequence;
	index: number;
	count: number;
	isStart: boolean;
}

function SequenceCard( { sequence, index, count, isStart }: Props ) {
	const dispatch = useFlowDispatch();
	const issues = useIssueIndex();
	const read = useFlowReader();
	const [ confirming, setConfirming ] = useState( false );
	const path = `sequences.${ index }`;
	const problems = issues.countUnder( path );
	// Read when the dialog opens: the places that lead to this sequence.
	const flow = confirming ? read() : null;
	const references = flow
		? sequenceReferences( flow, sequence.id ).filter(
				( r ) => ! r.startsWith( `${ path }.` )
			)
		: [];

	return (
		<Card
			className={ `handoff-chat-sequence${ problems ? ' has-issues' : '' }` }
			id={ fieldDomId( path ) }
			tabIndex={ -1 }
			size="small"
		>
			<CardHeader className="handoff-chat-sequence__head">
				<FlowTextControl
					path={ `${ path }.name` }
					label={ __( 'Sequence name', 'handoff-chat' ) }
					value={ sequence.name }
					onChange={ ( name ) =>
						dispatch( { type: 'renameSequence', index, name } )
					}
					className="handoff-chat-sequence__name"
				/>
				<div className="handoff-chat-sequence__meta">
					{ isStart && (
						<span className="handoff-chat-sequence__start">
							{ _x(
								'Start',
								'badge of the sequence a flow starts with',
								'handoff-chat'
							) }
						</span>
					) }
					<ProblemCount
						count={ problems }
						className="handoff-chat-sequence__problems"
					/>
					<CardActions
						index={ index }
						count={ count }
						onMove={ ( to ) =>
							dispatch( { type: 'moveSequence', index, to } )
						}
						upLabel={ __( 'Move sequence up', 'handoff-chat' ) }
						downLabel={ __( 'Move sequence down', 'handoff-chat' ) }
						menuLabel={ __( 'Sequence actions', 'handoff-chat' ) }
						actions={ [
							{
								label: __(
									'Start the flow here',
									'handoff-chat'
								),
								disabled: isStart,
								onClick: () =>
									dispatch( {
										type: 'setStart',
										sequence: sequence.id,
									} ),
							},
							{
								label: __( 'Delete sequence', 'handoff-chat' ),
								icon: trash,
								isDestructive: true,
								disabled: isStart || count < 2,
								info: isStart
									? __(
											'Choose another start sequence first.',
											'handoff-chat'
										)
									: undefined,
								onClick: () => setConfirming( true ),
							},
						] }
					/>
				</div>
			</CardHeader>
			<CardBody>
				<SequenceId sequence={ sequence } index={ index } />
				<FieldIssues path={ path } messages={ issues.at( path ) } />
				{ sequence.steps.length ? (
					<ol className="handoff-chat-sequence__steps">
						{ sequence.steps.map( ( step, i ) => (
							<StepCard
								key={ step.id }
								step={ step }
								sequence={ index }
								index={ i }
								count={ sequence.steps.length }
							/>
						) ) }
					</ol>
				) : (
					<p className="handoff-chat-sequence__empty">
						{ __(
							'No steps yet: the bot says nothing here and stops.',
							'handoff-chat'
						) }
					</p>
				) }
				<DropdownMenu
					icon={ plus }
					label={ __( 'Add a step', 'handoff-chat' ) }
					text={ __( 'Add a step', 'handoff-chat' ) }
					toggleProps={ { variant: 'secondary', showTooltip: false } }
					popoverProps={ { placement: 'bottom-start' } }
				>
					{ ( { onClose } ) => (
						<MenuGroup>
							{ STEP_TYPES.map( ( t ) => (
								<MenuItem
									key={ t }
									info={ stepTypeHelp( t ) }
									onClick={ () => {
										dispatch( {
											type: 'addStep',
											sequence: index,
											stepType: t,
										} );
										onClose();
									} }
								>
									{ stepTypeLabel( t ) }
								</MenuItem>
							) ) }
						</MenuGroup>
					) }
				</DropdownMenu>
			</CardBody>
			{ confirming && (
				<ConfirmDialog
					title={ __( 'Delete this sequence?', 'handoff-chat' ) }
					confirmLabel={ __( 'Delete', 'handoff-chat' ) }
					onConfirm={ () => {
						setConfirming( false );
						dispatch( { type: 'deleteSequence', index } );
					} }
					onCancel={ () => setConfirming( false ) }
				>
					<p>
						{ sprintf(
							/* translators: %s: name of the sequence. */
							__(
								'“%s” and its steps will be removed from this flow.',
								'handoff-chat'
							),
							sequence.name || sequence.id
						) }
					</p>
					{ references.length > 0 && (
						<>
							<p>
								{ __(
									'Other steps lead to it; they will be marked as problems to fix:',
									'handoff-chat'
								) }
							</p>
							<ul className="handoff-chat-sequence__references">
								{ references.map( ( r ) => (
									<li key={ r }>
										{ flow && describeLocation( flow, r ) }
									</li>
								) ) }
							</ul>
						</>
					) }
				</ConfirmDialog>
			) }
		</Card>
	);
}

export default memo( SequenceCard );
