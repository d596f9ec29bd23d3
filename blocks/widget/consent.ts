/**
 * The consent step (Settings → Privacy): before the visitor agrees, the launcher shows
 * this box instead of the chat, and nothing reaches the bridge — no visitor, no conversation,
 * no realtime connection (the panel chunk and its translations come from the site itself).
 * The agreement is remembered in this browser. Part of the launcher, so plain DOM and its
 * words translated by render.php.
 */
import type { ConsentConfig, WidgetConfig } from './config';
import { readItem, storageKeys, writeItem } from './chat/storage';

/** Whether the chat may talk to the bridge: no consent step, or the visitor agreed. */
export const consentGiven = ( config: WidgetConfig ): boolean =>
	! config.consent ||
	readItem( 'localStorage', storageKeys.consent( config.siteId ) ) === '1';

export const rememberConsent = ( config: WidgetConfig ): void =>
	writeItem( 'localStorage', storageKeys.consent( config.siteId ), '1' );

/**
 * The box, to put in the launcher's root; focus goes to its "I agree".
 * @param consent   Its words and the privacy policy's address.
 * @param onAgree   The visitor agreed.
 * @param onDecline "Not now" or Escape.
 */
export function consentBox(
	consent: ConsentConfig,
	onAgree: () => void,
	onDecline: () => void
): HTMLElement {
	const box = document.createElement( 'div' );
	box.className = 'handoff-chat-consent';
	box.id = 'handoff-chat-consent';
	box.setAttribute( 'role', 'dialog' );
	box.setAttribute( 'aria-labelledby', box.id + '-text' );
	const text = document.createElement( 'p' );
	text.id = box.id + '-text';
	text.textContent = consent.text;
	box.append( text );
	if ( consent.policyUrl ) {
		const link = document.createElement( 'a' );
		link.href = consent.policyUrl;
		link.target = '_blank';
		link.rel = 'noopener';
		link.textContent = consent.policyLabel;
		box.append( link );
	}
	const actions = document.createElement( 'div' );
	actions.className = 'handoff-chat-consent__actions';
	const action = ( label: string, className: string, run: () => void ) => {
		const b = document.createElement( 'button' );
		b.type = 'button';
		b.className = className;
		b.textContent = label;
		b.addEventListener( 'click', run );
		actions.append( b );
		return b;
	};
	action( consent.decline, 'handoff-chat-consent__decline', onDecline );
	action( consent.agree, 'handoff-chat-button', onAgree );
	box.append( actions );
	box.addEventListener( 'keydown', ( e ) => {
		if ( e.key === 'Escape' ) {
			e.stopPropagation();
			onDecline();
		}
	} );
	return box;
}
