/**
 * An advisor's face beside their name: their picture (absolute http(s) only, loaded
 * lazily) or, without one or when it does not load, their initials. Decorative — the name
 * beside it is the text — so the picture has `alt=""` and the initials are drawn by CSS
 * from `data-initials` (never in the row's text), all hidden from assistive technology.
 */
import { initialsOf } from '@handoff-chat/client-core/initials';
import { safeHttpUrl } from '../chat/bot-steps';
import { el } from './dom';

/**
 * @param name   The advisor's visible name, as shown beside the avatar.
 * @param avatar Their avatar's URL, as the bridge gave it (anything but http(s) is ignored).
 */
export function advisorAvatar(
	name: string,
	avatar: string | null | undefined
): HTMLElement {
	const src = safeHttpUrl( avatar || undefined );
	const badge = el(
		'span',
		src ? 'handoff-chat-avatar' : 'handoff-chat-avatar is-initials'
	);
	badge.setAttribute( 'aria-hidden', 'true' );
	badge.dataset.initials = initialsOf( name );
	if ( src ) {
		const img = el( 'img', 'handoff-chat-avatar__image' );
		// Its box is sized by the stylesheet, so nothing moves when it loads.
		img.alt = '';
		img.setAttribute( 'loading', 'lazy' );
		img.setAttribute( 'referrerpolicy', 'no-referrer' );
		img.addEventListener( 'error', () => {
			img.remove();
			badge.classList.add( 'is-initials' );
		} );
		img.src = src;
		badge.appendChild( img );
	}
	return badge;
}
