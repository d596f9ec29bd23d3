/**
 * An advisor's picture (their WordPress avatar) or, without one or when it cannot be
 * loaded (Gravatar unreachable), their initials.
 */
import { useState } from '@wordpress/element';
import { safeHttpUrl } from '../../utils/safe-url';
import { initialsOf } from '../../utils/pseudonym';
import './index.scss';

interface Props {
	name: string;
	avatar?: string | null;
	size?: number;
	/** Shown as a tooltip and read by screen readers; defaults to the name. */
	label?: string;
}

export default function AdvisorAvatar( {
	name,
	avatar,
	size = 28,
	label,
}: Props ) {
	const [ failed, setFailed ] = useState< string | null >( null );
	const src = safeHttpUrl( avatar );
	const text = label ?? name;
	return src && failed !== src ? (
		<img
			className="handoff-chat-advisor-avatar"
			src={ src }
			alt={ text }
			title={ text }
			width={ size }
			height={ size }
			loading="lazy"
			onError={ () => setFailed( src ) }
		/>
	) : (
		<span
			className="handoff-chat-advisor-avatar is-initials"
			role="img"
			aria-label={ text }
			title={ text }
			style={ { width: size, height: size, fontSize: size * 0.4 } }
		>
			{ initialsOf( name || '?' ) }
		</span>
	);
}
