/** Shown instead of the inbox while WordPress has no bridge settings. */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

export default function NotConfigured( {
	settingsUrl,
}: {
	settingsUrl: string;
} ) {
	return (
		<Notice
			status="warning"
			isDismissible={ false }
			className="handoff-chat-not-configured"
			actions={
				settingsUrl
					? [
							{
								label: __(
									'Open the settings',
									'handoff-chat'
								),
								url: settingsUrl,
								variant: 'primary',
							},
						]
					: []
			}
		>
			<p>
				{ __(
					'Handoff Chat is not connected to its bridge server yet. Enter the bridge URL, site ID and site secret in the settings to start answering visitors.',
					'handoff-chat'
				) }
			</p>
		</Notice>
	);
}
