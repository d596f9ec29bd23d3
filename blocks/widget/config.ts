/**
 * The public configuration render.php prints in `data-handoff-chat`, read and
 * checked once so the rest of the widget can trust it.
 */
import { SITE_ID_PATTERN } from '@handoff-chat/contracts/channels';
import type { ConversationMode } from '@handoff-chat/contracts';

export type WidgetPosition = 'right' | 'left';

export interface WidgetConfig {
	/** Bridge base URL, no trailing slash. */
	bridgeUrl: string;
	siteId: string;
	mode: ConversationMode;
	/** Panel title; empty means the translated default. */
	title: string;
	position: WidgetPosition;
}

export const MOUNT_SELECTOR = '[data-handoff-chat]';

/**
 * Null when the markup is absent or was tampered with: the widget then stays silent.
 * @param el Element carrying `data-handoff-chat`.
 */
export function readConfig( el: Element ): WidgetConfig | null {
	let raw: unknown;
	try {
		raw = JSON.parse( el.getAttribute( 'data-handoff-chat' ) || '' );
	} catch {
		return null;
	}
	if ( ! raw || typeof raw !== 'object' ) {
		return null;
	}
	const c = raw as Record< string, unknown >;
	const bridgeUrl =
		typeof c.bridgeUrl === 'string'
			? c.bridgeUrl.replace( /\/+$/, '' )
			: '';
	const siteId = typeof c.siteId === 'string' ? c.siteId : '';
	if (
		! /^https?:\/\/[^\s]+$/i.test( bridgeUrl ) ||
		! SITE_ID_PATTERN.test( siteId )
	) {
		return null;
	}
	return {
		bridgeUrl,
		siteId,
		mode: c.mode === 'bot' ? 'bot' : 'live',
		title: typeof c.title === 'string' ? c.title.trim() : '',
		position: c.position === 'left' ? 'left' : 'right',
	};
}
