/**
 * The inbox's toolbar: colleagues online (presence), browser notifications (permission
 * asked only from this button), the sound switch, the keyboard shortcuts and, for site
 * managers, the inbox settings.
 */
import { Button, Dropdown, ToggleControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { bell, cog, keyboard } from '@wordpress/icons';
import type { Colleague } from '../../data/use-colleagues';
import type { NotifierState } from '../../data/use-notifier';
import AdvisorAvatar from '../advisor-avatar';
import './index.scss';

const MAX_AVATARS = 6;

interface Props {
	colleagues: Colleague[];
	notifier: NotifierState;
	canManage: boolean;
	onOpenSettings: () => void;
}

/** Keys as they read on the keyboard, and what they do. */
export function shortcutList(): Array< [ string, string ] > {
	return [
		[ 'Alt+↓', __( 'Next conversation', 'handoff-chat' ) ],
		[ 'Alt+↑', __( 'Previous conversation', 'handoff-chat' ) ],
		[ 'Alt+C', __( 'Close the conversation', 'handoff-chat' ) ],
		[ 'Alt+N', __( 'Switch between reply and note', 'handoff-chat' ) ],
		[ '/', __( 'Canned responses, in the reply box', 'handoff-chat' ) ],
	];
}

export default function InboxToolbar( {
	colleagues,
	notifier,
	canManage,
	onOpenSettings,
}: Props ) {
	const shown = colleagues.slice( 0, MAX_AVATARS );
	const more = colleagues.length - shown.length;
	return (
		<div
			className="handoff-chat-toolbar"
			role="toolbar"
			aria-label={ __( 'Inbox tools', 'handoff-chat' ) }
		>
			<div className="handoff-chat-toolbar__colleagues">
				{ colleagues.length > 0 && (
					<>
						<span className="handoff-chat-toolbar__label">
							{ __( 'Online:', 'handoff-chat' ) }
						</span>
						<ul
							aria-label={ __(
								'Advisors online',
								'handoff-chat'
							) }
						>
							{ shown.map( ( c ) => (
								<li key={ c.id }>
									<AdvisorAvatar
										name={ c.name }
										avatar={ c.avatar }
										size={ 26 }
									/>
								</li>
							) ) }
							{ more > 0 && (
								<li className="handoff-chat-toolbar__more">
									{ sprintf(
										/* translators: %d: number of other advisors online. */
										__( '+%d', 'handoff-chat' ),
										more
									) }
								</li>
							) }
						</ul>
					</>
				) }
			</div>
			<div className="handoff-chat-toolbar__actions">
				{ notifier.permission === 'default' && (
					<Button
						variant="secondary"
						size="compact"
						icon={ bell }
						onClick={ notifier.requestPermission }
					>
						{ __( 'Enable notifications', 'handoff-chat' ) }
					</Button>
				) }
				{ notifier.permission === 'denied' && (
					<span className="handoff-chat-toolbar__hint">
						{ __(
							'Notifications are blocked in this browser.',
							'handoff-chat'
						) }
					</span>
				) }
				<ToggleControl
					className="handoff-chat-toolbar__sound"
					label={ __( 'Sound', 'handoff-chat' ) }
					checked={ ! notifier.muted }
					onChange={ ( on: boolean ) => notifier.setMuted( ! on ) }
					__nextHasNoMarginBottom
				/>
				<Dropdown
					popoverProps={ { placement: 'bottom-end' } }
					renderToggle={ ( { isOpen, onToggle } ) => (
						<Button
							size="compact"
							icon={ keyboard }
							label={ __( 'Keyboard shortcuts', 'handoff-chat' ) }
							aria-expanded={ isOpen }
							onClick={ onToggle }
						/>
					) }
					renderContent={ () => (
						<div className="handoff-chat-shortcuts">
							<h2>
								{ __( 'Keyboard shortcuts', 'handoff-chat' ) }
							</h2>
							<dl>
								{ shortcutList().map( ( [ keys, what ] ) => (
									<div key={ keys }>
										<dt>
											<kbd>{ keys }</kbd>
										</dt>
										<dd>{ what }</dd>
									</div>
								) ) }
							</dl>
						</div>
					) }
				/>
				{ canManage && (
					<Button
						size="compact"
						icon={ cog }
						label={ __( 'Inbox settings', 'handoff-chat' ) }
						onClick={ onOpenSettings }
					/>
				) }
			</div>
		</div>
	);
}
