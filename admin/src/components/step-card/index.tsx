/** One step of a sequence: its kind, its form, and the moves (up, down, duplicate, delete). */
import { __ } from '@wordpress/i18n';
import { copy, trash } from '@wordpress/icons';
import { memo } from '@wordpress/element';
import type { FlowStep } from '@handoff-chat/contracts';
import { useFlowDispatch, useIssueIndex } from '../../data/flow-editor-context';
import { fieldDomId } from '../../utils/flow-issues';
import { stepTypeLabel } from '../../utils/flow-labels';
import { FieldIssues } from '../flow-field';
import StepForm from '../step-form';
import { CardActions, ProblemCount } from './card-head';
import './index.scss';

interface Props {
	step: FlowStep;
	sequence: number;
	index: number;
	count: number;
}

function StepCard( { step, sequence, index, count }: Props ) {
	const dispatch = useFlowDispatch();
	const issues = useIssueIndex();
	const path = `sequences.${ sequence }.steps.${ index }`;
	const problems = issues.countUnder( path );
	const headingId = `${ fieldDomId( path ) }-heading`;
	const move = ( to: number ) =>
		dispatch( { type: 'moveStep', sequence, index, to } );
	const act = ( type: 'duplicateStep' | 'deleteStep' ) =>
		dispatch( { type, sequence, index } );

	return (
		<li
			className={ `handoff-chat-step is-${ step.type.replace( '_', '-' ) }${
				problems ? ' has-issues' : ''
			}` }
			id={ fieldDomId( path ) }
			tabIndex={ -1 }
			aria-labelledby={ headingId }
		>
			<div className="handoff-chat-step__head">
				<h4 className="handoff-chat-step__title" id={ headingId }>
					<span className="handoff-chat-step__number">
						{ index + 1 }
					</span>
					{ stepTypeLabel( step.type ) }
				</h4>
				<ProblemCount
					count={ problems }
					className="handoff-chat-step__problems"
				/>
				<span className="handoff-chat-step__actions">
					<CardActions
						index={ index }
						count={ count }
						onMove={ move }
						upLabel={ __( 'Move step up', 'handoff-chat' ) }
						downLabel={ __( 'Move step down', 'handoff-chat' ) }
						menuLabel={ __( 'Step actions', 'handoff-chat' ) }
						actions={ [
							{
								label: __( 'Duplicate', 'handoff-chat' ),
								icon: copy,
								onClick: () => act( 'duplicateStep' ),
							},
							{
								label: __( 'Delete step', 'handoff-chat' ),
								icon: trash,
								isDestructive: true,
								onClick: () => act( 'deleteStep' ),
							},
						] }
					/>
				</span>
			</div>
			<FieldIssues path={ path } messages={ issues.at( path ) } />
			<StepForm
				step={ step }
				path={ path }
				onChange={ ( next ) =>
					dispatch( {
						type: 'updateStep',
						sequence,
						index,
						step: next,
					} )
				}
			/>
		</li>
	);
}

// Steps are kept by identity in the draft: only the edited one re-renders.
export default memo( StepCard );
