/**
 * Conversations → Bot flows: the list of flows, or the editor of the one named in
 * the address. Loaded on demand: the inbox never downloads the editor.
 */
import { useFlowRoute } from '../../data/use-flow-route';
import FlowEditor from '../flow-editor';
import type { StarterFlowTexts } from '../../utils/starter-flow';
import FlowList from '../flow-list';

export default function FlowsScreen( {
	starter = null,
}: {
	/** The starter flow's texts in the site's language; null: not offered. */
	starter?: StarterFlowTexts | null;
} ) {
	const [ flowId, open ] = useFlowRoute();
	return flowId ? (
		<FlowEditor
			key={ flowId }
			flowId={ flowId }
			onBack={ () => open( null ) }
		/>
	) : (
		<FlowList onOpen={ open } starter={ starter } />
	);
}
