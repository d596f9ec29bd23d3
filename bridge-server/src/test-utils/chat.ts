/**
 * Visitor- and advisor-side helpers for HTTP tests of conversations and bot flows,
 * plus pusher-js clients authorised through the bridge like the browser apps.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '@handoff-chat/contracts';
import { client, type Harness } from './harness';

const Pusher = require( 'pusher-js' );

export const newClientId = () => 'c-' + randomUUID();

export function chat( h: Harness ) {
	const call = client( h.url );
	const sockets: any[] = [];

	async function visitor( siteId = h.site.id ) {
		const res = await call( 'POST', `/v1/sites/${ siteId }/visitors`, {
			body: {},
		} );
		return res.body as { visitorId: string; token: string };
	}

	async function start(
		token: string,
		body: Record< string, unknown > = { mode: 'bot' }
	) {
		return call( 'POST', '/v1/conversations', { token, body } );
	}

	async function say(
		token: string,
		conversationId: string,
		text: string,
		clientId = newClientId()
	) {
		return call( 'POST', `/v1/conversations/${ conversationId }/messages`, {
			token,
			body: { clientId, text },
		} );
	}

	async function act(
		token: string,
		conversationId: string,
		body: Record< string, unknown >
	) {
		return call( 'POST', `/v1/conversations/${ conversationId }/actions`, {
			token,
			body: { clientId: newClientId(), ...body },
		} );
	}

	async function messages(
		token: string,
		conversationId: string,
		after = 0
	): Promise< Message[] > {
		const res = await call(
			'GET',
			`/v1/conversations/${ conversationId }/messages?after=${ after }&limit=200`,
			{ token }
		);
		return res.body.messages;
	}

	async function conversation( token: string, conversationId: string ) {
		return (
			await call( 'GET', `/v1/conversations/${ conversationId }`, {
				token,
			} )
		).body.conversation;
	}

	/** `PATCH /v1/conversations/:id` as an advisor's inbox does. */
	function patch(
		token: string,
		conversationId: string,
		body: Record< string, unknown >
	) {
		return call( 'PATCH', `/v1/conversations/${ conversationId }`, {
			token,
			body,
		} );
	}

	function note(
		token: string,
		conversationId: string,
		text: string,
		clientId = newClientId()
	) {
		return call( 'POST', `/v1/conversations/${ conversationId }/notes`, {
			token,
			body: { clientId, text },
		} );
	}

	/** A multipart upload as browsers send it; `name` and `type` are the client's claims. */
	async function upload(
		token: string | null,
		bytes: Buffer,
		opts: { name?: string; type?: string; field?: string } = {}
	) {
		const form = new FormData();
		form.append(
			opts.field ?? 'file',
			new Blob( [ bytes ], { type: opts.type ?? 'image/png' } ),
			opts.name ?? 'photo.png'
		);
		const res = await fetch( `${ h.url }/v1/uploads`, {
			method: 'POST',
			headers: token ? { Authorization: `Bearer ${ token }` } : {},
			body: form,
		} );
		const text = await res.text();
		return {
			status: res.status,
			body: text ? JSON.parse( text ) : null,
			headers: res.headers,
		};
	}

	/** A pusher-js client authorised through /v1/realtime/auth with this token. */
	function connect( token: string ) {
		const cfg = h.ctx.realtime.clientConfig();
		const pusher = new Pusher( cfg.key, {
			wsHost: cfg.wsHost,
			wsPort: cfg.wsPort,
			forceTLS: false,
			enabledTransports: [ 'ws' ],
			cluster: 'mt1',
			disableStats: true,
			channelAuthorization: {
				endpoint: `${ h.url }/v1/realtime/auth`,
				transport: 'ajax',
				headers: { Authorization: `Bearer ${ token }` },
			},
		} );
		sockets.push( pusher );
		return pusher;
	}

	/** Subscribes and records every event received, by name. */
	function listen(
		pusher: any,
		channelName: string
	): Promise< { events: Array< { event: string; data: any } > } > {
		return new Promise( ( resolve, reject ) => {
			const events: Array< { event: string; data: any } > = [];
			const channel = pusher.subscribe( channelName );
			channel.bind_global( ( event: string, data: any ) => {
				if ( ! event.startsWith( 'pusher:' ) ) {
					events.push( { event, data } );
				}
			} );
			channel.bind( 'pusher:subscription_succeeded', () =>
				resolve( { events } )
			);
			channel.bind( 'pusher:subscription_error', ( e: any ) =>
				reject( new Error( `subscription refused: ${ e?.status }` ) )
			);
		} );
	}

	const disconnectAll = () =>
		sockets.splice( 0 ).forEach( ( s ) => s.disconnect() );

	return {
		call,
		visitor,
		start,
		say,
		act,
		messages,
		conversation,
		patch,
		note,
		upload,
		connect,
		listen,
		disconnectAll,
	};
}

export type Chat = ReturnType< typeof chat >;

/** The bot's last message carrying buttons: what the visitor can press now. */
export const lastButtons = ( ms: Message[] ) =>
	[ ...ms ].reverse().find( ( m ) => m.meta?.buttons );
