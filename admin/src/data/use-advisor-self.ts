/**
 * Who the signed-in advisor is for the bridge (`GET /v1/advisors/me`): their licence,
 * whether they see the Chatbot list, and the inbox channel the bridge lets them listen to
 * (the site's, or their own when their reach is limited). The inbox holds this state and
 * every inbox hook reads its channel from here.
 *
 * When the bridge says they changed (`advisors-updated` naming them), the cached token is
 * dropped (the next call mints one with the new rights), /me is read again, the channel
 * follows and `epoch` grows: hooks whose data depends on the advisor's rights reload.
 * /me is also read again after a reconnection (the bridge closes the sockets of someone
 * whose reach narrowed, before the event could reach them) and when the tab comes back.
 */
import {
	createContext,
	useCallback,
	useContext,
	useEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { EVENTS, inboxChannel } from '@handoff-chat/contracts/channels';
import type { AdvisorSelfResponse } from '@handoff-chat/contracts';
import { useServices } from './services';
import {
	useChannel,
	useConnectionStatus,
	useRealtimeSiteId,
} from './use-realtime';

export interface AdvisorSelfState {
	/** null until /v1/advisors/me answered. */
	self: AdvisorSelfResponse | null;
	/** The channel of the inbox's events; null while unknown. */
	inboxChannel: string | null;
	/** Grows each time the advisor's own rights changed: reload what they bound. */
	epoch: number;
}

export const AdvisorSelfContext = createContext< AdvisorSelfState | null >(
	null
);

/** What decides the advisor's reach: a change of any of it reloads the inbox. */
const reachOf = ( r: AdvisorSelfResponse ): string =>
	JSON.stringify( [
		r.advisor.licensed,
		r.advisor.showBotConversations,
		r.advisor.pages,
		r.inboxChannel,
	] );

/** The provider's state; InboxScreen holds it. */
export function useAdvisorSelfState(): AdvisorSelfState {
	const { api, user } = useServices();
	const siteId = useRealtimeSiteId();
	const status = useConnectionStatus();
	const [ self, setSelf ] = useState< AdvisorSelfResponse | null >( null );
	const [ failed, setFailed ] = useState( false );
	const [ epoch, setEpoch ] = useState( 0 );
	const reach = useRef< string | null >( null );
	const alive = useRef( true );
	// The latest read wins; a change announced for any read under way is kept for it.
	const generation = useRef( 0 );
	const announced = useRef( false );

	const read = useCallback(
		( changed: boolean ) => {
			announced.current ||= changed;
			const n = ++generation.current;
			api.getSelf().then(
				( r ) => {
					if ( ! alive.current || n !== generation.current ) {
						return;
					}
					const next = reachOf( r );
					const moved =
						reach.current !== null && reach.current !== next;
					reach.current = next;
					setSelf( r );
					setFailed( false );
					if ( announced.current || moved ) {
						announced.current = false;
						setEpoch( ( e ) => e + 1 );
					}
				},
				() => {
					if ( alive.current && n === generation.current ) {
						setFailed( true );
					}
				}
			);
		},
		[ api ]
	);

	useEffect( () => {
		alive.current = true;
		read( false );
		return () => {
			alive.current = false;
		};
	}, [ read ] );

	// After a reconnection: the bridge may have closed the socket because the reach changed.
	const wasConnected = useRef( false );
	useEffect( () => {
		if ( status !== 'connected' ) {
			return;
		}
		if ( wasConnected.current ) {
			read( false );
		}
		wasConnected.current = true;
	}, [ status, read ] );

	// Without an answer from /me (an older bridge), the site's inbox channel as before.
	let channel = self?.inboxChannel ?? null;
	if ( ! channel && failed && siteId ) {
		channel = inboxChannel( siteId );
	}

	const subscribed = useRef( false );
	useChannel(
		channel,
		{
			[ EVENTS.advisorsUpdated ]: ( data: { advisorId?: unknown } ) => {
				if ( String( data?.advisorId ?? '' ) === user.id ) {
					api.dropToken();
					read( true );
				}
			},
		},
		() => {
			// The first subscription follows the first read; later ones may have missed news.
			if ( subscribed.current ) {
				read( false );
			}
			subscribed.current = true;
		}
	);

	return useMemo(
		() => ( { self, inboxChannel: channel, epoch } ),
		[ self, channel, epoch ]
	);
}

export function useAdvisorSelf(): AdvisorSelfState | null {
	return useContext( AdvisorSelfContext );
}

/**
 * The channel of the inbox's events: the one the bridge named in /me, or — outside an
 * inbox that asked (a conversation shown on its own) — the site's inbox channel.
 */
export function useInboxChannel(): string | null {
	const held = useContext( AdvisorSelfContext );
	const siteId = useRealtimeSiteId();
	if ( held ) {
		return held.inboxChannel;
	}
	return siteId ? inboxChannel( siteId ) : null;
}

/** Calls `reload` each time the advisor's own rights changed (not on mount). */
export function useOnRightsChange( reload: () => void ): void {
	const epoch = useContext( AdvisorSelfContext )?.epoch ?? 0;
	const seen = useRef( epoch );
	const reloadRef = useRef( reload );
	reloadRef.current = reload;
	useEffect( () => {
		if ( epoch !== seen.current ) {
			seen.current = epoch;
			reloadRef.current();
		}
	}, [ epoch ] );
}
