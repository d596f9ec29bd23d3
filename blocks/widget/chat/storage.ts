/**
 * Browser storage that never throws (private modes, disabled storage, quota):
 * the widget then simply forgets between pages. Keys carry the site id so two
 * sites on one origin never share a visitor.
 */
type Area = 'localStorage' | 'sessionStorage';

function area( which: Area ): Storage | null {
	try {
		return window[ which ];
	} catch {
		return null;
	}
}

export function readItem( which: Area, key: string ): string | null {
	try {
		return area( which )?.getItem( key ) ?? null;
	} catch {
		return null;
	}
}

export function writeItem(
	which: Area,
	key: string,
	value: string | null
): void {
	try {
		const s = area( which );
		if ( value === null ) {
			s?.removeItem( key );
		} else {
			s?.setItem( key, value );
		}
	} catch {
		// Storage full or disabled: nothing to remember, nothing breaks.
	}
}

export const storageKeys = {
	/**
	 * localStorage: the VisitorSession (token) of this browser.
	 * @param siteId Site id from the block's configuration.
	 */
	session: ( siteId: string ) => `handoff-chat:${ siteId }:session`,
	/**
	 * localStorage: id of the visitor's open conversation, for the launcher's badge.
	 * @param siteId Site id from the block's configuration.
	 */
	active: ( siteId: string ) => `handoff-chat:${ siteId }:active`,
	/**
	 * localStorage: `{ conversationId, seq }`, the last message the visitor saw (unread badge).
	 * @param siteId Site id from the block's configuration.
	 */
	seen: ( siteId: string ) => `handoff-chat:${ siteId }:seen`,
	/**
	 * sessionStorage: "1" while the panel is open, so it stays open across page loads.
	 * @param siteId Site id from the block's configuration.
	 */
	open: ( siteId: string ) => `handoff-chat:${ siteId }:open`,
	/**
	 * localStorage: "1" once the visitor agreed to the consent step (config.consent), so a
	 * browser is asked once.
	 * @param siteId Site id from the block's configuration.
	 */
	consent: ( siteId: string ) => `handoff-chat:${ siteId }:consent`,
};
