/**
 * Marks the open conversation read for this advisor (PATCH `read`) while it is on screen
 * and the tab is visible, debounced so a burst of messages makes one call.
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import { useServices } from './services';

export const MARK_READ_DELAY_MS = 800;

export function useMarkRead(
	conversationId: string,
	/** Highest seq on screen; 0 while loading. */
	lastSeq: number,
	/** What the bridge says this advisor has read (undefined: unknown). */
	lastReadSeq: number | undefined,
	onRead: ( id: string, seq: number ) => void
): void {
	const { api } = useServices();
	const sent = useRef( lastReadSeq ?? -1 );
	const onReadRef = useRef( onRead );
	onReadRef.current = onRead;
	const [ visible, setVisible ] = useState(
		() => document.visibilityState !== 'hidden'
	);

	useEffect( () => {
		const onChange = () =>
			setVisible( document.visibilityState !== 'hidden' );
		document.addEventListener( 'visibilitychange', onChange );
		return () =>
			document.removeEventListener( 'visibilitychange', onChange );
	}, [] );

	useEffect( () => {
		if ( lastReadSeq !== undefined && lastReadSeq > sent.current ) {
			sent.current = lastReadSeq;
		}
	}, [ lastReadSeq ] );

	useEffect( () => {
		if ( ! visible || lastSeq <= 0 || lastSeq <= sent.current ) {
			return undefined;
		}
		const timer = setTimeout( () => {
			const seq = lastSeq;
			sent.current = Math.max( sent.current, seq );
			api.patchConversation( conversationId, { type: 'read', seq } ).then(
				() => onReadRef.current( conversationId, seq ),
				() => {
					// Try again with the next message or visit.
					sent.current = -1;
				}
			);
		}, MARK_READ_DELAY_MS );
		return () => clearTimeout( timer );
	}, [ api, conversationId, lastSeq, visible ] );
}
