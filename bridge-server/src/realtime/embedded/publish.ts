/**
 * Publishing on the embedded server, one place for both ways in: the signed HTTP API
 * (http-api.ts, for the `pusher` SDK) and the bridge's in-process driver (direct-driver.ts).
 * Both apply the same checks and refusals, and a batch is all or nothing.
 */
import { ChannelRegistry, CHANNEL_NAME, isPresence } from './channels';

/** A refusal with the HTTP API's status (the in-process driver rejects with the same). */
export class RealtimeApiError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super( message );
		this.name = 'RealtimeApiError';
	}
}

export const EVENT_NAME = /^[A-Za-z0-9_\-=@,.;:]{1,200}$/;
/** Pusher HTTP API limits: channels per event, events per batch. */
export const MAX_CHANNELS = 100;
export const MAX_BATCH_EVENTS = 10;

export interface EventInput {
	name?: unknown;
	/** Already JSON-serialised, as on the wire. */
	data?: unknown;
	channel?: unknown;
	channels?: unknown;
	socket_id?: unknown;
}

/**
 * Checks one event and returns what sends it, so a batch is validated whole before any of
 * it leaves. The frame is serialised once per channel, not once per subscriber.
 */
export function prepareEvent(
	registry: ChannelRegistry,
	e: EventInput,
	maxEventBytes: number
): () => void {
	if ( typeof e.name !== 'string' || ! EVENT_NAME.test( e.name ) ) {
		throw new RealtimeApiError( 400, 'Invalid event name' );
	}
	if ( typeof e.data !== 'string' ) {
		throw new RealtimeApiError( 400, 'Event data must be a string' );
	}
	if ( Buffer.byteLength( e.data ) > maxEventBytes ) {
		throw new RealtimeApiError(
			413,
			`Event data is larger than ${ maxEventBytes } bytes`
		);
	}
	let channels: unknown[] = [];
	if ( Array.isArray( e.channels ) ) {
		channels = e.channels;
	} else if ( e.channel !== undefined ) {
		channels = [ e.channel ];
	}
	if ( channels.length < 1 || channels.length > MAX_CHANNELS ) {
		throw new RealtimeApiError( 400, 'An event needs 1 to 100 channels' );
	}
	if (
		! channels.every(
			( c ) => typeof c === 'string' && CHANNEL_NAME.test( c )
		)
	) {
		throw new RealtimeApiError( 400, 'Invalid channel name' );
	}
	const name = e.name;
	const data = e.data;
	const except = typeof e.socket_id === 'string' ? e.socket_id : undefined;
	return () => {
		for ( const channel of channels as string[] ) {
			registry.broadcast(
				channel,
				{ event: name, channel, data },
				except
			);
		}
	};
}

/** Checks a batch (1 to 10 events) whole, then sends it in order. */
export function publishBatch(
	registry: ChannelRegistry,
	batch: unknown,
	maxEventBytes: number
): number {
	if (
		! Array.isArray( batch ) ||
		batch.length < 1 ||
		batch.length > MAX_BATCH_EVENTS
	) {
		throw new RealtimeApiError( 400, 'batch must hold 1 to 10 events' );
	}
	batch
		.map( ( e ) => prepareEvent( registry, e ?? {}, maxEventBytes ) )
		.forEach( ( send ) => send() );
	return batch.length;
}

/** User ids on a presence channel; other channels have no users to list. */
export function presenceUsers(
	registry: ChannelRegistry,
	name: string
): string[] {
	if ( ! isPresence( name ) ) {
		throw new RealtimeApiError(
			400,
			'Users are only listed for presence channels'
		);
	}
	return registry.userIds( name );
}
