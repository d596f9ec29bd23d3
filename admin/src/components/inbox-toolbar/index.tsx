/**
 * The inbox's toolbar: colleagues online (presence), browser notifications (permission
 * asked only from this button), the advisor's own notification settings (sound, the
 * chatbot phase), the keyboard shortcuts and, for site managers, the inbox settings.
 */
import { Button, Dropdown, ToggleControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { bell, cog, keyboard } from '@wordpress/icons';
import type { Colleague } from '../../data/use-colleagues';
import type { NotifierState } from '../../data/use-notifier';
import type { AwayState } from '../../data/use-away';
import AdvisorAvatar from '../advisor-avatar';
import AwaySwitch from '../away-switch';
import './index.scss';

const MAX_AVATARS = 6;

interface Props {
	colleagues: Colleague[];
	notifier: NotifierState;
	canManage: boolean;
	onOpenSettings: () => void;
	/** The advisor sees the Chatbot list: they may follow its conversations too. */
	botConversations?: boolean;
	/** The advisor's own "Available / Away" switch (data/use-away.ts). */
	away?: AwayState;
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
	botConversations = true,
	away,
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
				{ away && <AwaySwitch { ...away } /> }
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
				<Dropdown
					popoverProps={ { placement: 'bottom-end' } }
					renderToggle={ ( { isOpen, onToggle } ) => (
						<Button
							size="compact"
							icon={ bell }
							label={ __(
								'Notification settings',
								'handoff-chat'
							) }
							aria-expanded={ isOpen }
							onClick={ onToggle }
						/>
					) }
					renderContent={ () => (
						<div className="handoff-chat-notify-settings">
							<h2>{ __( 'Notifications', 'handoff-chat' ) }</h2>
							<ToggleControl
								label={ __( 'Sound', 'handoff-chat' ) }
								checked={ ! notifier.muted }
								onChange={ ( on: boolean ) =>
									notifier.setMuted( ! on )
								}
								__nextHasNoMarginBottom
							/>
							{ botConversations && (
								<ToggleControl
									label={ __(
										'Also notify me about conversations with the chatbot',
										'handoff-chat'
									) }
									help={
										notifier.botToo
											? __(
													'Every answer a visitor gives the chatbot is announced.',
													'handoff-chat'
												)
											: __(
													'You are told when a visitor waits for an advisor or writes in a live chat you may answer.',
													'handoff-chat'
												)
									}
									checked={ notifier.botToo }
									onChange={ notifier.setBotToo }
									__nextHasNoMarginBottom
								/>
							) }
						</div>
					) }
				/>
				<Dropdown
					popoverProps={ { placement: 'bottom-end' } }
					// The list holds nothing to tab to: focus the popover itself, so Escape
					// reaches it (closing it and returning focus to this button) and a click
					// elsewhere closes it instead of leaving it over the conversation's actions.
					focusOnMount
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
