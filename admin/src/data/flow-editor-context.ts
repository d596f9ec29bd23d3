/**
 * What the flow editor's parts read, split by how often it changes so that a
 * keystroke re-renders only the step it edits (cards are memoised): the dispatcher
 * (never changes), the sequences' ids and names, the variables, the issues (after
 * each delayed check) and a reader of the whole draft for on-demand needs.
 */
import { createContext, useContext } from '@wordpress/element';
import type { Flow } from '@handoff-chat/contracts';
import type { FlowDraftAction } from '../utils/flow-draft';
import { NO_ISSUES, type IssueIndex } from '../utils/flow-issues';

export interface SequenceOption {
	id: string;
	name: string;
}

export const FlowDispatchContext = createContext<
	( action: FlowDraftAction ) => void
>( () => undefined );
export const FlowSequencesContext = createContext< SequenceOption[] >( [] );
export const FlowIssuesContext = createContext< IssueIndex >( NO_ISSUES );
export const FlowVariablesContext = createContext< string[] >( [] );
/** The current draft, read when needed (a dialog opening), never to render every keystroke. */
export const FlowReaderContext = createContext< () => Flow | null >(
	() => null
);

export const useFlowDispatch = () => useContext( FlowDispatchContext );
export const useFlowSequences = () => useContext( FlowSequencesContext );
export const useIssueIndex = () => useContext( FlowIssuesContext );
export const useFlowVariables = () => useContext( FlowVariablesContext );
export const useFlowReader = () => useContext( FlowReaderContext );
