import type { ConversationState } from '@handoff-chat/contracts';
import { stateLabel } from '../../utils/labels';
import './index.scss';

export default function StateBadge( { state }: { state: ConversationState } ) {
	return (
		<span className={ `handoff-chat-badge is-${ state }` }>
			{ stateLabel( state ) }
		</span>
	);
}
