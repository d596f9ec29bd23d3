/**
 * A fake realtime factory for the controller and panel tests: it records what the
 * controller subscribes to and hands the test the handlers to play events with.
 */
import type {
	RealtimeFactory,
	RealtimeHandlers,
	RealtimeLink,
	RealtimeOptions,
} from '../chat/realtime';

export function fakeRealtime() {
	const state = {
		handlers: null as RealtimeHandlers | null,
		subscribed: [] as string[],
		/** The authorisation function the controller handed to realtime. */
		authorize: null as RealtimeOptions[ 'authorize' ] | null,
		/** Every setPresence call: a channel name, or '(none)' when left. */
		presence: [] as string[],
		/** The visitor channel held now, if any. */
		present: null as string | null,
	};
	const factory: RealtimeFactory = ( options, handlers ) => {
		state.handlers = handlers;
		state.authorize = options.authorize;
		const link: RealtimeLink = {
			subscribe: ( name ) => void state.subscribed.push( name ),
			unsubscribe: () => void state.subscribed.push( '(none)' ),
			setPresence: ( name ) => {
				if ( name !== state.present ) {
					state.present = name;
					state.presence.push( name ?? '(none)' );
				}
			},
			disconnect: () => {
				state.present = null;
			},
		};
		return link;
	};
	return { state, factory };
}

/**
 * Lets pending promise chains run.
 * @param rounds How many macrotask turns to wait.
 */
export async function flush( rounds = 10 ): Promise< void > {
	for ( let i = 0; i < rounds; i++ ) {
		await Promise.resolve();
		await new Promise( ( r ) => setTimeout( r, 0 ) );
	}
}
