/**
 * Clients of an external realtime engine, as browsers are (pusher-js, channels authorised by a
 * bridge), and the steps of a hand-over to an advisor: for tests that run the built bridge
 * against `handoff-bridge realtime` or soketi (realtime/external.test.ts, scale-out.pg.test.ts).
 */
import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import { newClientId } from './chat';
import type { client } from './harness';

const Pusher = require( 'pusher-js' );

type Call = ReturnType< typeof client >;

/** One event received on a channel. */
export interface Received {
	event: string;
	data: any;
}

/**
 * pusher-js on the engine `realtime` describes, its private and presence channels authorised
 * by the bridge at `authBase` with `token`. Pushed onto `sockets` for the test to disconnect.
 */
export function connectToEngine(
	realtime: RealtimeClientConfig,
	authBase: string,
	token: string,
	sockets: any[]
): any {
	const pusher = new Pusher( realtime.key, {
		wsHost: realtime.wsHost,
		wsPort: realtime.wsPort,
		forceTLS: realtime.forceTLS,
		cluster: realtime.cluster,
		enabledTransports: [ 'ws' ],
		disableStats: true,
		channelAuthorization: {
			endpoint: `${ authBase }/v1/realtime/auth`,
			transport: 'ajax',
			headers: { Authorization: `Bearer ${ token }` },
		},
	} );
	sockets.push( pusher );
	return pusher;
}

/** Subscribes; resolves once subscribed with the list the channel's events (not pusher's own) fill. */
export function listen( pusher: any, name: string ): Promise< Received[] > {
	return new Promise( ( resolve, reject ) => {
		const events: Received[] = [];
		const channel = pusher.subscribe( name );
		channel.bind_global( ( event: string, data: any ) => {
			if ( ! event.startsWith( 'pusher:' ) ) {
				events.push( { event, data } );
			}
		} );
		channel.bind( 'pusher:subscription_succeeded', () =>
			resolve( events )
		);
		channel.bind( 'pusher:subscription_error', ( e: any ) =>
			reject( new Error( `subscription refused: ${ e?.status }` ) )
		);
	} );
}

/** Re-reads `read` until `ok` holds (the engine and the bridges work on their own time); jest's timeout bounds it. */
export async function until< T >(
	read: () => T | Promise< T >,
	ok: ( v: T ) => boolean
): Promise< T > {
	for (;;) {
		const v = await read();
		if ( ok( v ) ) {
			return v;
		}
		await new Promise( ( r ) => setTimeout( r, 25 ) );
	}
}

/** The visitor starts a bot conversation (on `call`'s bridge); its id. */
export async function startBotConversation(
	call: Call,
	visitorToken: string
): Promise< string > {
	const started = await call( 'POST', '/v1/conversations', {
		token: visitorToken,
		body: { mode: 'bot', pageUrl: 'https://shop.example/' },
	} );
	expect( started.status ).toBe( 201 );
	return started.body.conversation.id as string;
}

/**
 * The visitor asks for a human (through `visitorCall`); resolves with the conversation as the
 * advisor reads it (through `advisorCall`) once routing has assigned it.
 */
export async function handOver(
	visitorCall: Call,
	advisorCall: Call,
	id: string,
	visitorToken: string,
	advisorToken: string
): Promise< { assignedAdvisorId: string | null } > {
	expect(
		(
			await visitorCall( 'POST', `/v1/conversations/${ id }/actions`, {
				token: visitorToken,
				body: { clientId: newClientId(), type: 'request_human' },
			} )
		).status
	).toBe( 201 );
	return until(
		async () =>
			(
				await advisorCall( 'GET', `/v1/conversations/${ id }`, {
					token: advisorToken,
				} )
			).body.conversation,
		( c ) => Boolean( c?.assignedAdvisorId )
	);
}
