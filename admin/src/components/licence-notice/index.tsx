/**
 * The one explanation shown where the bridge hid names, notes or variables, and, above
 * the inbox, why and how to get a licence.
 */
import { __ } from '@wordpress/i18n';

export const licenceMessage = () =>
	__( 'A licence is needed to see names and notes.', 'handoff-chat' );

interface Props {
	className?: string;
	/** Say what is missing and who grants licences (the inbox's banner). */
	explain?: boolean;
	/** Conversations → Advisors, for site managers: they grant licences themselves. */
	advisorsUrl?: string;
}

export default function LicenceNotice( {
	className = '',
	explain = false,
	advisorsUrl = '',
}: Props ) {
	if ( ! explain ) {
		return (
			<p className={ `handoff-chat-licence ${ className }` }>
				{ licenceMessage() }
			</p>
		);
	}
	return (
		<p
			className={ `handoff-chat-licence is-explained ${ className }` }
			role="status"
		>
			{ __(
				'You have no Live chat premium licence: visitors are anonymised and notes are hidden.',
				'handoff-chat'
			) }{ ' ' }
			{ advisorsUrl ? (
				<a href={ advisorsUrl }>
					{ __(
						'Grant licences in Conversations → Advisors.',
						'handoff-chat'
					) }
				</a>
			) : (
				__(
					'Ask your site manager for a licence (Conversations → Advisors).',
					'handoff-chat'
				)
			) }
		</p>
	);
}
