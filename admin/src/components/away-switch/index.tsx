/**
 * "Available / Away" for the signed-in advisor, in the inbox toolbar: away, no transfer is
 * routed to them and visitors are not told someone is there (the widget offers to answer by
 * email when nobody available is online).
 */
import { ToggleControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { AwayState } from '../../data/use-away';
import './index.scss';

export default function AwaySwitch( {
	away,
	busy,
	error,
	setAway,
}: AwayState ) {
	if ( away === null ) {
		return null;
	}
	return (
		<div
			className={ `handoff-chat-away${ away ? ' is-away' : '' }` }
			title={
				away
					? __(
							'Visitors are not routed to you; they may leave their email.',
							'handoff-chat'
						)
					: __( 'Visitors may be routed to you.', 'handoff-chat' )
			}
		>
			<ToggleControl
				label={
					away
						? __( 'Away', 'handoff-chat' )
						: __( 'Available', 'handoff-chat' )
				}
				checked={ ! away }
				disabled={ busy }
				onChange={ ( available: boolean ) => setAway( ! available ) }
				__nextHasNoMarginBottom
			/>
			{ error && (
				<span className="handoff-chat-away__error" role="alert">
					{ error }
				</span>
			) }
		</div>
	);
}
