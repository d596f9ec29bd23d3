/**
 * The orange count on wp-admin's "Conversations" menu item, in WordPress's own markup
 * (the one Comments uses): `<span class="awaiting-mod count-N"><span class="pending-count">N</span></span>`,
 * plus a screen-reader sentence. Plain DOM, no React: the menu-badge entry runs on every
 * admin page and must stay small.
 */
import { _n, sprintf } from '@wordpress/i18n';

export const MENU_ITEM_ID = 'toplevel_page_handoff-chat';
const COUNT_CLASS = 'awaiting-mod';
const TEXT_CLASS = 'handoff-chat-menu-count-text';

/** Renders `count` into the menu item (nothing when 0). Returns false when the menu item is absent. */
export function renderMenuBadge(
	count: number,
	doc: Document = document
): boolean {
	const name = doc.querySelector(
		`#${ MENU_ITEM_ID } > a .wp-menu-name, #${ MENU_ITEM_ID } .wp-menu-name`
	);
	if ( ! name ) {
		return false;
	}
	const n = Math.max( 0, Math.floor( Number( count ) || 0 ) );
	let badge = name.querySelector< HTMLElement >( `.${ COUNT_CLASS }` );
	let text = name.querySelector< HTMLElement >( `.${ TEXT_CLASS }` );
	if ( n === 0 ) {
		badge?.remove();
		text?.remove();
		// The space put before the badge.
		while (
			name.lastChild?.nodeType === 3 &&
			name.lastChild.textContent === ' '
		) {
			name.lastChild.remove();
		}
		return true;
	}
	if ( ! badge || ! text ) {
		badge?.remove();
		text?.remove();
		badge = doc.createElement( 'span' );
		const inner = doc.createElement( 'span' );
		inner.className = 'pending-count';
		inner.setAttribute( 'aria-hidden', 'true' );
		badge.appendChild( inner );
		text = doc.createElement( 'span' );
		text.className = `${ TEXT_CLASS } screen-reader-text`;
		name.append( ' ', badge, text );
	}
	// Updated in place: no flicker, and screen readers are not told twice.
	badge.className = `${ COUNT_CLASS } count-${ n }`;
	( badge.firstElementChild as HTMLElement ).textContent = String( n );
	text.textContent = sprintf(
		/* translators: %d: number of conversations waiting for an advisor. */
		_n(
			'%d conversation to handle',
			'%d conversations to handle',
			n,
			'handoff-chat'
		),
		n
	);
	return true;
}
