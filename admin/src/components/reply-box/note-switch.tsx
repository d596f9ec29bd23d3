/** Above the reply box: the "Leave a note" switch, or why notes are unavailable. */
import { ToggleControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

interface Props {
	/** False: notes cannot be sent here; `unavailable` says why. */
	available: boolean;
	checked: boolean;
	onChange: ( note: boolean ) => void;
	unavailable?: string | null;
}

export default function NoteSwitch( {
	available,
	checked,
	onChange,
	unavailable,
}: Props ) {
	return (
		<div className="handoff-chat-reply__modes">
			{ available ? (
				<ToggleControl
					label={ __( 'Leave a note', 'handoff-chat' ) }
					checked={ checked }
					onChange={ onChange }
					__nextHasNoMarginBottom
				/>
			) : (
				<p className="handoff-chat-reply__unavailable">
					{ unavailable }
				</p>
			) }
		</div>
	);
}
