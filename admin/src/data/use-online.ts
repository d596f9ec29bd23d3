/**
 * Which visitors have their widget open now (the green dots): polled every 10 s while
 * the tab is visible, and soon after inbox events (a visitor who writes is probably
 * there). null until the first answer: items then show the list's own `visitorOnline`.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { EVENTS } from '@handoff-chat/contracts/channels';
import { useServices } from './services';
import { useInboxChannel, useOnRightsChange } from './use-advisor-self';
import { useChannel } from './use-realtime';

export const ONLINE_POLL_MS = 10_000;
const EVENT_DELAY_MS = 1_500;

export function useOnlineVisitors(): Set< string > | null {
	const { api } = useServices();
	const inbox = useInboxChannel();
	const [ online, setOnline ] = useState< Set< string > | null >( null );
	const alive = useRef( true );
	const soon = useRef< ReturnType< typeof setTimeout > | null >( null );

	const poll = useCallback( () => {
		if (
			typeof document !== 'undefined' &&
			document.visibilityState === 'hidden'
		) {
			return;
		}
		api.getOnlineVisitors().then(
			( ids ) => {
				if ( ! alive.current ) {
					return;
				}
				setOnline( ( cur ) => {
					if (
						cur &&
						cur.size === ids.length &&
						ids.every( ( id ) => cur.has( id ) )
					) {
						return cur;
					}
					return new Set( ids );
				} );
			},
			() => undefined // The next poll tries again; dots keep their last state.
		);
	}, [ api ] );

	useEffect( () => {
		alive.current = true;
		poll();
		const id = setInterval( poll, ONLINE_POLL_MS );
		return () => {
			alive.current = false;
			clearInterval( id );
			if ( soon.current ) {
				clearTimeout( soon.current );
			}
		};
	}, [ poll ] );

	const pollSoon = () => {
		if ( soon.current ) {
			return;
		}
		soon.current = setTimeout( () => {
			soon.current = null;
			poll();
		}, EVENT_DELAY_MS );
	};

	useOnRightsChange( poll );
	useChannel(
		inbox,
		{
			[ EVENTS.conversationCreated ]: pollSoon,
			[ EVENTS.messageCreated ]: pollSoon,
			[ EVENTS.typing ]: pollSoon,
		},
		poll
	);

	return online;
}

/** The green dot: the poll's answer once there is one, else what the list said. */
export function isVisitorOnline(
	c: { visitorId: string; visitorOnline?: boolean },
	online: Set< string > | null
): boolean {
	return online ? online.has( c.visitorId ) : !! c.visitorOnline;
}
