/**
 * The page a chat started on, as a link that opens in a new tab and says so to screen
 * readers. Shown by the header and the visitor panel.
 */
import type { ReactNode } from 'react';
import { __ } from '@wordpress/i18n';

interface Props {
	/** Already checked with safeHttpUrl(). */
	href: string;
	/** The URL as the visitor's browser reported it, shown on hover. */
	title?: string | null;
	children: ReactNode;
}

export default function PageLink( { href, title, children }: Props ) {
	return (
		<a
			href={ href }
			target="_blank"
			rel="noopener noreferrer"
			title={ title ?? undefined }
		>
			{ children }
			<span className="screen-reader-text">
				{ __( '(opens in a new tab)', 'handoff-chat' ) }
			</span>
		</a>
	);
}
