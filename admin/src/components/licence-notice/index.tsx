/** The one explanation shown where the bridge hid names, notes or variables. */
import { __ } from '@wordpress/i18n';

export const licenceMessage = () =>
	__( 'A licence is needed to see names and notes.', 'handoff-chat' );

export default function LicenceNotice( {
	className = '',
}: {
	className?: string;
} ) {
	return (
		<p className={ `handoff-chat-licence ${ className }` }>
			{ licenceMessage() }
		</p>
	);
}
