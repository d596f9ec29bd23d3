/**
 * The first-run checklist's steps and whether each is done, from real data: WordPress's
 * (where the widget is: the initial state) and the bridge's (the connection, the
 * advisor's licence, the site's conversations), as the inbox already reads them.
 */
import type { HandoffChatChecklistState } from '../global';

export type ChecklistStepId = 'connect' | 'widget' | 'available' | 'test';

export interface ChecklistData {
	checklist: HandoffChatChecklistState;
	/** The bridge answers this screen: the inbox loaded and realtime is connected. */
	connected: boolean;
	/** The advisor holds a licence (`/v1/advisors/me`): conversations can be handed to them. */
	licensed: boolean;
	/** Conversations on the site, every list together; null while unknown. */
	conversations: number | null;
}

export interface ChecklistStep {
	id: ChecklistStepId;
	done: boolean;
}

export function checklistSteps( d: ChecklistData ): ChecklistStep[] {
	return [
		{ id: 'connect', done: d.connected },
		{
			id: 'widget',
			done: d.checklist.blockPlaced || d.checklist.siteWide,
		},
		// Transfers go to licensed advisors online: being here, connected, is the other half.
		{ id: 'available', done: d.connected && d.licensed },
		{ id: 'test', done: ( d.conversations ?? 0 ) > 0 },
	];
}

/** Conversations in every list of the inbox's counts; null when not read yet. */
export function conversationTotal(
	counts: { live: number; closed: number; bot: number } | null
): number | null {
	return counts ? counts.live + counts.closed + counts.bot : null;
}
