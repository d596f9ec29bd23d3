/** One step of a sequence: its kind, its form, and the moves (up, down, duplicate, delete). */
import {
	Button,
	DropdownMenu,
	MenuGroup,
	MenuItem,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import {
	arrowDown,
	arrowUp,
	copy,
	moreVertical,
	trash,
} from '@wordpress/icons';
import { memo } from '@wordpress/element';
import type { FlowStep } from '@handoff-chat/contracts';
import { useFlowDispatch, useIssueIndex } from '../../data/flow-editor-context';
import { fieldDomId } from '../../utils/flow-issues';
import { stepTypeLabel } from '../../utils/flow-labels';
import { FieldIssues } from '../flow-field';
import StepForm from '../step-form';
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
				{ problems > 0 && (
					<span className="handoff-chat-step__problems">
						{ sprintf(
							/* translators: %d: number of problems in the step. */
							_n(
								'%d problem',
								'%d problems',
								problems,
								'handoff-chat'
							),
							problems
						) }
					</span>
				) }
				<span className="handoff-chat-step__actions">
					<Button
						size="small"
						icon={ arrowUp }
						label={ __( 'Move step up', 'handoff-chat' ) }
						disabled={ index === 0 }
						accessibleWhenDisabled
						onClick={ () => move( index - 1 ) }
					/>
					<Button
						size="small"
						icon={ arrowDown }
						label={ __( 'Move step down', 'handoff-chat' ) }
						disabled={ index === count - 1 }
						accessibleWhenDisabled
						onClick={ () => move( index + 1 ) }
					/>
					<DropdownMenu
						icon={ moreVertical }
						label={ __( 'Step actions', 'handoff-chat' ) }
						toggleProps={ { size: 'small' } }
					>
						{ ( { onClose } ) => (
							<MenuGroup>
								<MenuItem
									icon={ copy }
									onClick={ () => {
										dispatch( {
											type: 'duplicateStep',
											sequence,
											index,
										} );
										onClose();
									} }
								>
									{ __( 'Duplicate', 'handoff-chat' ) }
								</MenuItem>
								<MenuItem
									icon={ trash }
									isDestructive
									onClick={ () => {
										dispatch( {
											type: 'deleteStep',
											sequence,
											index,
										} );
										onClose();
									} }
								>
									{ __( 'Delete step', 'handoff-chat' ) }
								</MenuItem>
							</MenuGroup>
						) }
					</DropdownMenu>
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
