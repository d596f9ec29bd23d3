/** Provides the editor's contexts, each value kept stable until what it holds changes. */
import { useCallback, useMemo, useRef } from '@wordpress/element';
import type { ReactNode } from 'react';
import type { Flow, FlowIssue } from '@handoff-chat/contracts';
import {
	FlowDispatchContext,
	FlowIssuesContext,
	FlowReaderContext,
	FlowSequencesContext,
	FlowVariablesContext,
	type SequenceOption,
} from '../../data/flow-editor-context';
import type { FlowDraftAction } from '../../utils/flow-draft';
import { indexIssues } from '../../utils/flow-issues';
import { flowVariables } from '../../utils/flow-variables';

/** The same array as long as its contents are equal. */
function useStable< T >( value: T[], key: string ): T[] {
	const held = useRef< { key: string; value: T[] } >( { key, value } );
	if ( held.current.key !== key ) {
		held.current = { key, value };
	}
	return held.current.value;
}

interface Props {
	flow: Flow;
	dispatch: ( action: FlowDraftAction ) => void;
	issues: FlowIssue[];
	children: ReactNode;
}

export default function FlowEditorProvider( {
	flow,
	dispatch,
	issues,
	children,
}: Props ) {
	const latest = useRef( flow );
	latest.current = flow;
	const read = useCallback( () => latest.current, [] );

	const options = flow.sequences.map( ( s ) => ( {
		id: s.id,
		name: s.name,
	} ) );
	const sequences = useStable< SequenceOption >(
		options,
		options.map( ( s ) => `${ s.id }\u0000${ s.name }` ).join( '\u0001' )
	);
	const names = flowVariables( flow );
	const variables = useStable( names, names.join( ',' ) );
	// Re-indexed when a check ends (or the set of steps changes), not on every keystroke.
	const structure = flow.sequences
		.map( ( s ) =>
			s.steps
				.map(
					( t ) =>
						t.type +
						( t.type === 'buttons' ? t.buttons.length : '' )
				)
				.join( ',' )
		)
		.join( '|' );
	const index = useMemo(
		() => indexIssues( latest.current, issues ),
		// eslint-disable-next-line react-hooks/exhaustive-deps -- the draft is read through the ref.
		[ issues, structure ]
	);

	return (
		<FlowDispatchContext.Provider value={ dispatch }>
			<FlowReaderContext.Provider value={ read }>
				<FlowSequencesContext.Provider value={ sequences }>
					<FlowVariablesContext.Provider value={ variables }>
						<FlowIssuesContext.Provider value={ index }>
							{ children }
						</FlowIssuesContext.Provider>
					</FlowVariablesContext.Provider>
				</FlowSequencesContext.Provider>
			</FlowReaderContext.Provider>
		</FlowDispatchContext.Provider>
	);
}
