/** The first-run checklist's WordPress route: hides or shows it for the current user. */
import type { Transport } from './transport';

export interface ChecklistApi {
	/** `POST /handoff-chat/v1/checklist` at `path` (the initial state's `dismissPath`). */
	setChecklistDismissed: (
		path: string,
		dismissed: boolean
	) => Promise< { dismissed: boolean } >;
}

export function checklistApi( { wordpress }: Transport ): ChecklistApi {
	return {
		setChecklistDismissed( path, dismissed ) {
			return wordpress< { dismissed: boolean } >( {
				path,
				method: 'POST',
				data: { dismissed },
			} );
		},
	};
}
