/**
 * Image rows: uploads (root-relative paths on the bridge), bot images (absolute, or a path
 * on this site) and the visitor's own preview while an image is on its way. Only http(s)
 * on the expected origin loads; a confirmed image opens full size in a new tab.
 */
import { el, newTabLink } from './dom';
import { __ } from './i18n';
import { safeImageSrc } from '../chat/bot-steps';
import type { ChatItem } from '../chat/message-store';

/** What an image row needs to know (a part of message-view's options, which import this file). */
export interface ImageOptions {
	/** Base of uploaded images' paths (`/v1/uploads/…`); the page's URL when absent. */
	bridgeUrl?: string;
}

/**
 * Where an image may load from: the widget's own preview, an upload on the bridge, or a
 * bot step's absolute URL (or path on this site). Null for anything else.
 * @param item    An `image` row.
 * @param options Rendering options (the bridge's URL).
 */
export function imageSrc(
	item: ChatItem,
	options: ImageOptions
): string | null {
	if ( item.preview ) {
		return item.preview.startsWith( 'blob:' ) ? item.preview : null;
	}
	const base =
		item.authorType === 'bot' || ! options.bridgeUrl
			? undefined
			: options.bridgeUrl;
	return safeImageSrc( item.meta?.image?.url, base );
}

export function fillImage(
	bubble: HTMLElement,
	item: ChatItem,
	options: ImageOptions
): void {
	const image = item.meta?.image;
	const src = imageSrc( item, options );
	// What a person typed with their image shows under it (a bot image's text is its alt).
	const caption =
		item.authorType === 'visitor' || item.authorType === 'advisor'
			? item.text
			: '';
	const alt = caption
		? __( 'Image', 'handoff-chat' )
		: image?.alt || item.text || __( 'Image', 'handoff-chat' );
	if ( ! src ) {
		bubble.textContent = caption || alt;
		return;
	}
	const img = el( 'img', 'handoff-chat-msg__image' );
	img.alt = alt;
	img.setAttribute( 'loading', 'lazy' );
	img.setAttribute( 'decoding', 'async' );
	img.setAttribute( 'referrerpolicy', 'no-referrer' );
	if ( image?.width && image.height ) {
		// Reserves the space before it loads: the log does not jump.
		img.width = image.width;
		img.height = image.height;
	}
	img.src = src;
	// A broken image still says what it showed.
	img.addEventListener( 'error', () =>
		img.replaceWith( document.createTextNode( alt ) )
	);
	bubble.classList.add( 'has-image' );
	bubble.appendChild(
		item.preview
			? img
			: newTabLink( 'handoff-chat-msg__image-link', src, img )
	);
	if ( caption ) {
		bubble.appendChild( el( 'p', 'handoff-chat-msg__caption', caption ) );
	}
}
