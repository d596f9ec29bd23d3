/**
 * All of the flow's problems in one place, each a link that scrolls to (and focuses)
 * the field it is about.
 */
import { Button, Notice } from '@wordpress/components';
import { memo } from '@wordpress/element';
import { _n, sprintf } from '@wordpress/i18n';
import { useFlowReader, useIssueIndex } from '../../data/flow-editor-context';
import { fieldDomId, issueMessage } from '../../utils/flow-issues';
import { describeLocation } from '../../utils/flow-labels';
import './index.scss';

/** Scrolls a field or card into view and moves the keyboard focus there. */
export function revealField( path: string ): void {
	const el = document.getElementById( fieldDomId( path ) );
	if ( ! el ) {
		return;
	}
	el.scrollIntoView?.( { block: 'center', behavior: 'smooth' } );
	el.focus( { preventScroll: true } );
}

const MAX_SHOWN = 20;

function IssuesSummary() {
	const issues = useIssueIndex();
	const flow = useFlowReader()();
	const all = issues.all;
	if ( ! all.length || ! flow ) {
		return null;
	}
	const headline = sprintf(
		/* translators: %d: number of problems in the flow. */
		_n(
			'%d problem to fix before saving:',
			'%d problems to fix before saving:',
			all.length,
			'handoff-chat'
		),
		all.length
	);
	return (
		<Notice
			status="error"
			isDismissible={ false }
			className="handoff-chat-issues-summary"
			// Screen readers hear the count when it changes, not the whole list on each keystroke.
			spokenMessage={ headline }
		>
			<p>
				<strong>{ headline }</strong>
			</p>
			<ul>
				{ all.slice( 0, MAX_SHOWN ).map( ( issue, i ) => {
					const anchor = issues.anchorOf( issue );
					return (
						<li key={ `${ issue.path }:${ i }` }>
							<Button
								variant="link"
								onClick={ () => revealField( anchor ) }
							>
								{ describeLocation( flow, anchor ) }
							</Button>
							{ ' — ' }
							{ issueMessage( issue.message ) }
						</li>
					);
				} ) }
			</ul>
			{ all.length > MAX_SHOWN && (
				<p>
					{ sprintf(
						/* translators: %d: number of problems not listed. */
						_n(
							'and %d more.',
							'and %d more.',
							all.length - MAX_SHOWN,
							'handoff-chat'
						),
						all.length - MAX_SHOWN
					) }
				</p>
			) }
		</Notice>
	);
}

// Re-renders when the issues change (its context), not with every keystroke.
export default memo( IssuesSummary );
