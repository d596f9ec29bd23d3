/**
 * The block editor's only door to the outside (CONVENTIONS 4): the bot flows the
 * widget's settings offer, from WordPress's REST API (which asks the bridge with a
 * signed call), and the settings PHP prints as `window.handoffChatEditor`.
 */
import apiFetch from '@wordpress/api-fetch';

/** One flow as `GET /wp-json/handoff-chat/v1/flows` answers it (Flows_Controller). */
export interface EditorFlow {
	id: string;
	name: string;
	/** `live`: the flow itself sends every conversation straight to the advisors. */
	mode: 'bot' | 'live';
	startSequence: string;
	sequences: { id: string; name: string }[];
}

/** Printed by HandoffChat\Blocks\Blocks::add_editor_settings(). */
export interface HandoffChatEditorSettings {
	/** Admin URL of the flow editor. */
	flowsUrl: string;
	/** The user may manage options, hence edit flows. */
	canManage: boolean;
	/** The flow an empty `flowId` runs. */
	defaultFlowId: string;
}

declare global {
	interface Window {
		handoffChatEditor?: Partial< HandoffChatEditorSettings >;
	}
}

export const FLOWS_PATH = '/handoff-chat/v1/flows';

/**
 * WordPress keeps the list for a minute; `refresh` asks the bridge again.
 * @param refresh Skip WordPress's cached copy.
 */
export function fetchFlows( refresh = false ): Promise< EditorFlow[] > {
	return apiFetch< EditorFlow[] >( {
		path: refresh ? `${ FLOWS_PATH }?refresh=1` : FLOWS_PATH,
	} );
}

export function editorSettings(): HandoffChatEditorSettings {
	const s = window.handoffChatEditor ?? {};
	return {
		flowsUrl: typeof s.flowsUrl === 'string' ? s.flowsUrl : '',
		canManage: s.canManage === true,
		defaultFlowId:
			typeof s.defaultFlowId === 'string' ? s.defaultFlowId : '',
	};
}
