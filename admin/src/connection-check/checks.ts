/**
 * The connection check run from the administrator's browser (Conversations → Settings):
 * the public addresses the widget uses, tried the way a visitor's browser tries them —
 * the bridge over HTTP(S) with CORS from this site's origin, then the realtime WebSocket
 * named by the bridge's public site config (the widget's own source) with a real Pusher
 * handshake. Rules without network (mixed content, loopback or private addresses seen
 * from a public site) come first. Pure of the DOM: fetch and WebSocket are injected.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { RealtimeClientConfig } from '@handoff-chat/contracts';

export type CheckId = 'address' | 'http' | 'websocket';

export interface CheckResult {
	id: CheckId;
	ok: boolean;
	/** What was checked, or what is wrong. */
	label: string;
	/** Why: the addresses and errors. */
	cause: string;
	/** What to do ('' when ok). */
	action: string;
}

export interface CheckInput {
	/** The bridge URL the widget is given (no trailing slash). */
	bridgeUrl: string;
	siteId: string;
	/** The site's home URL: its scheme and host are what visitors see. */
	siteUrl: string;
	/** The origin of this admin page (CORS is asked from it). */
	origin: string;
}

/** The browser objects the checks use (tests pass fakes behaving as browsers do). */
export interface CheckDeps {
	fetch: typeof fetch;
	WebSocket: new ( url: string ) => WebSocketLike;
	/** Milliseconds each network step may take. */
	timeoutMs?: number;
}

/** What the check uses of a browser WebSocket. */
export interface WebSocketLike {
	onmessage: ( ( ev: MessageEvent ) => void ) | null;
	onerror: ( ( ev: Event ) => void ) | null;
	onclose: ( ( ev: CloseEvent ) => void ) | null;
	close: ( code?: number ) => void;
}

export type Reach = 'loopback' | 'private' | 'public';

/**
 * Where a host can be reached from, without resolving it (the same rules as PHP's
 * HandoffChat\Health\Address::reach()).
 * @param rawHost A host name or IP address (IPv6 with or without brackets).
 */
export function hostReach( rawHost: string ): Reach {
	const host = rawHost
		.toLowerCase()
		.replace( /^\[|\]$/g, '' )
		.replace( /\.$/, '' );
	if (
		! host ||
		host === 'localhost' ||
		host.endsWith( '.localhost' ) ||
		host === '::1' ||
		host === '::' ||
		host === '0.0.0.0' ||
		/^127\./.test( host )
	) {
		return 'loopback';
	}
	const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec( host );
	if ( v4 ) {
		const [ a, b ] = [ Number( v4[ 1 ] ), Number( v4[ 2 ] ) ];
		const isPrivate =
			a === 10 ||
			( a === 172 && b >= 16 && b <= 31 ) ||
			( a === 192 && b === 168 ) ||
			( a === 169 && b === 254 ) ||
			( a === 100 && b >= 64 && b <= 127 ) ||
			a === 0 ||
			a >= 240;
		return isPrivate ? 'private' : 'public';
	}
	if ( host.includes( ':' ) ) {
		// IPv6: unique local (fc00::/7) and link-local (fe80::/10).
		return /^f[cd]|^fe[89ab]/.test( host ) ? 'private' : 'public';
	}
	if (
		! host.includes( '.' ) ||
		/\.(local|lan|internal|intranet|home\.arpa|test|invalid)$/.test( host )
	) {
		return 'private';
	}
	return 'public';
}

/** The realtime address visitors' pusher-js opens on this site (client-core's pusherOptions()). */
export function realtimeUrl(
	rt: RealtimeClientConfig,
	siteIsHttps: boolean
): { url: string; host: string; port: number; tls: boolean } {
	const tls = rt.forceTLS || siteIsHttps;
	const host = rt.wsHost || `ws-${ rt.cluster || 'mt1' }.pusher.com`;
	let port = tls ? 443 : 80;
	if ( rt.wsHost ) {
		port = tls ? rt.wssPort : rt.wsPort;
	}
	const shown = host.includes( ':' ) ? `[${ host }]` : host;
	return {
		url: `${ tls ? 'wss' : 'ws' }://${ shown }:${ port }/app/${ encodeURIComponent(
			rt.key
		) }?protocol=7&client=js&version=8.4.0&flash=false`,
		host,
		port,
		tls,
	};
}

const pass = ( id: CheckId, label: string, cause: string ): CheckResult => ( {
	id,
	ok: true,
	label,
	cause,
	action: '',
} );
const fail = (
	id: CheckId,
	label: string,
	cause: string,
	action: string
): CheckResult => ( { id, ok: false, label, cause, action } );

/** A loopback or private host handed to the visitors of a public site. */
function unreachableHost( id: CheckId, label: string, host: string ) {
	return fail(
		id,
		label,
		hostReach( host ) === 'loopback'
			? sprintf(
					/* translators: %s: a host name or IP address, e.g. 127.0.0.1 */
					__(
						"%s is the server's own loopback address: each visitor's browser would look for the bridge on their own computer.",
						'handoff-chat'
					),
					host
				)
			: sprintf(
					/* translators: %s: a host name or IP address, e.g. 192.168.1.10 */
					__(
						'%s is a private-network address: visitors on the internet cannot reach it.',
						'handoff-chat'
					),
					host
				),
		__(
			'Give the bridge a public address (a domain name with HTTPS) and set it as the bridge URL and REALTIME_PUBLIC_HOST.',
			'handoff-chat'
		)
	);
}

/**
 * The rules that need no network: mixed content, loopback or private addresses seen from a public site.
 * @param input What the widget is given.
 */
export function addressCheck( input: CheckInput ): CheckResult {
	const site = new URL( input.siteUrl );
	let bridge: URL;
	try {
		bridge = new URL( input.bridgeUrl );
	} catch {
		return fail(
			'address',
			__( 'The bridge URL is not valid', 'handoff-chat' ),
			input.bridgeUrl,
			__( "Save the bridge's https:// address.", 'handoff-chat' )
		);
	}
	if ( site.protocol === 'https:' && bridge.protocol === 'http:' ) {
		return fail(
			'address',
			__( 'Mixed content: the bridge URL is not HTTPS', 'handoff-chat' ),
			sprintf(
				/* translators: %s: the bridge URL, e.g. http://chat.example.com */
				__(
					'Your site is served over HTTPS but the bridge URL is %s: browsers block such calls from HTTPS pages, so visitors cannot chat.',
					'handoff-chat'
				),
				input.bridgeUrl
			),
			__(
				"Serve the bridge over HTTPS (see the README's reverse-proxy examples) and save its https:// address.",
				'handoff-chat'
			)
		);
	}
	if (
		hostReach( site.hostname ) === 'public' &&
		hostReach( bridge.hostname ) !== 'public'
	) {
		return unreachableHost(
			'address',
			__( 'The bridge URL is not a public address', 'handoff-chat' ),
			bridge.hostname
		);
	}
	return pass(
		'address',
		__( 'Addresses', 'handoff-chat' ),
		sprintf(
			/* translators: %s: the bridge URL. */
			__(
				"The bridge URL %s can be used from your site's pages.",
				'handoff-chat'
			),
			input.bridgeUrl
		)
	);
}

/** fetch() that gives up after `ms`; rejects with an Error named TimeoutError. */
async function fetchWithin(
	deps: CheckDeps,
	url: string,
	init: RequestInit,
	ms: number
): Promise< Response > {
	const controller = new AbortController();
	let timer: ReturnType< typeof setTimeout > | undefined;
	const timeout = new Promise< never >( ( _, reject ) => {
		timer = setTimeout( () => {
			controller.abort();
			const e = new Error( 'timeout' );
			e.name = 'TimeoutError';
			reject( e );
		}, ms );
	} );
	try {
		return await Promise.race( [
			deps.fetch( url, { ...init, signal: controller.signal } ),
			timeout,
		] );
	} finally {
		clearTimeout( timer );
	}
}

/**
 * HTTP(S) to the bridge from this browser, as the widget's first call: the public site config.
 * Returns the realtime settings it names, for the WebSocket check.
 * @param input What the widget is given.
 * @param deps  fetch and the timeout.
 */
export async function httpCheck(
	input: CheckInput,
	deps: CheckDeps
): Promise< { result: CheckResult; realtime: RealtimeClientConfig | null } > {
	const ms = deps.timeoutMs ?? 8000;
	const url = `${ input.bridgeUrl }/v1/sites/${ encodeURIComponent(
		input.siteId
	) }/config`;
	const failed = __( 'This browser cannot reach the bridge', 'handoff-chat' );
	let res: Response;
	try {
		res = await fetchWithin(
			deps,
			url,
			{ mode: 'cors', credentials: 'omit', cache: 'no-store' },
			ms
		);
	} catch ( e ) {
		if ( ( e as Error )?.name === 'TimeoutError' ) {
			return {
				realtime: null,
				result: fail(
					'http',
					failed,
					sprintf(
						/* translators: 1: URL; 2: seconds. */
						__(
							'No answer from %1$s within %2$d seconds.',
							'handoff-chat'
						),
						url,
						Math.round( ms / 1000 )
					),
					__(
						'Check that the bridge is running and that its port is open to visitors (firewall).',
						'handoff-chat'
					)
				),
			};
		}
		// A CORS refusal and a network failure look the same to a script: an opaque request
		// that goes through tells them apart (the server answered, but not for this origin).
		let answered = false;
		try {
			await fetchWithin(
				deps,
				url,
				{ mode: 'no-cors', credentials: 'omit', cache: 'no-store' },
				ms
			);
			answered = true;
		} catch {
			// unreachable, below
		}
		return {
			realtime: null,
			result: answered
				? fail(
						'http',
						__(
							'The bridge does not allow calls from this site (CORS)',
							'handoff-chat'
						),
						sprintf(
							/* translators: 1: the bridge URL; 2: this site's origin, e.g. https://www.example.com */
							__(
								'%1$s answered, but its CORS settings do not allow %2$s.',
								'handoff-chat'
							),
							input.bridgeUrl,
							input.origin
						),
						sprintf(
							/* translators: %s: this site's origin. */
							__(
								"Add %s to the bridge's CORS_ORIGINS (comma-separated), or set it to *, and restart the bridge.",
								'handoff-chat'
							),
							input.origin
						)
					)
				: fail(
						'http',
						failed,
						sprintf(
							/* translators: %s: URL. */
							__(
								'The browser could not connect to %s (refused, unknown name, blocked as mixed content, or an invalid certificate).',
								'handoff-chat'
							),
							url
						),
						__(
							'Open the bridge URL in a new tab: it must answer over HTTPS with a valid certificate, from outside your server.',
							'handoff-chat'
						)
					),
		};
	}
	if ( res.status === 404 ) {
		return {
			realtime: null,
			result: fail(
				'http',
				__( 'The bridge does not know this site id', 'handoff-chat' ),
				sprintf(
					/* translators: 1: site id; 2: bridge URL. */
					__(
						'The bridge at %2$s has no site %1$s.',
						'handoff-chat'
					),
					input.siteId,
					input.bridgeUrl
				),
				__(
					'Connect the site again with the values the bridge gave.',
					'handoff-chat'
				)
			),
		};
	}
	const body = res.ok ? await res.json().catch( () => null ) : null;
	const realtime = ( body as { realtime?: RealtimeClientConfig } | null )
		?.realtime;
	if ( ! res.ok || ! realtime || typeof realtime.key !== 'string' ) {
		return {
			realtime: null,
			result: fail(
				'http',
				failed,
				sprintf(
					/* translators: 1: URL; 2: HTTP status code. */
					__(
						"%1$s answered HTTP %2$d instead of the bridge's site configuration.",
						'handoff-chat'
					),
					url,
					res.status
				),
				__(
					'Check that the bridge URL leads to the bridge itself (not a web page or a proxy error).',
					'handoff-chat'
				)
			),
		};
	}
	return {
		realtime,
		result: pass(
			'http',
			__( 'The bridge answers this browser', 'handoff-chat' ),
			sprintf(
				/* translators: 1: the bridge URL; 2: this site's origin. */
				__(
					'%1$s answered over HTTP and allows calls from %2$s (CORS).',
					'handoff-chat'
				),
				input.bridgeUrl,
				input.origin
			)
		),
	};
}

/**
 * The realtime WebSocket, as pusher-js opens it: passes on `pusher:connection_established`.
 * @param input    What the widget is given.
 * @param realtime The bridge's realtime settings.
 * @param deps     WebSocket and the timeout.
 */
export function websocketCheck(
	input: CheckInput,
	realtime: RealtimeClientConfig,
	deps: CheckDeps
): Promise< CheckResult > {
	const ms = deps.timeoutMs ?? 8000;
	const siteIsHttps = new URL( input.siteUrl ).protocol === 'https:';
	const { url, host, port } = realtimeUrl( realtime, siteIsHttps );
	const failed = __(
		"Visitors' realtime connection (WebSocket) fails",
		'handoff-chat'
	);
	if (
		hostReach( new URL( input.siteUrl ).hostname ) === 'public' &&
		hostReach( host ) !== 'public'
	) {
		return Promise.resolve( unreachableHost( 'websocket', failed, host ) );
	}
	if ( siteIsHttps && ! realtime.forceTLS && realtime.wsHost ) {
		return Promise.resolve(
			fail(
				'websocket',
				failed,
				sprintf(
					/* translators: %s: host name of the realtime server. */
					__(
						'Mixed content: the bridge names its WebSocket server (%s) without TLS, and pages on HTTPS may only open wss:// connections.',
						'handoff-chat'
					),
					host
				),
				__(
					'Serve the WebSocket over TLS (a reverse proxy) and set REALTIME_PUBLIC_TLS=true and REALTIME_PUBLIC_PORT (usually 443) on the bridge.',
					'handoff-chat'
				)
			)
		);
	}
	const shown = url.replace( /\/app\/.*$/, '' );
	const closed = fail(
		'websocket',
		failed,
		sprintf(
			/* translators: %s: WebSocket address, e.g. wss://chat.example.com:443 */
			__(
				'WebSocket port closed or refused: the browser could not open %s.',
				'handoff-chat'
			),
			shown
		),
		sprintf(
			/* translators: %d: TCP port. */
			__(
				"Start the bridge's realtime server and open port %d to visitors, or make REALTIME_PUBLIC_HOST, REALTIME_PUBLIC_PORT and REALTIME_PUBLIC_TLS name the address visitors reach (a reverse proxy forwarding WebSocket upgrades on /app/).",
				'handoff-chat'
			),
			port
		)
	);
	return new Promise( ( resolve ) => {
		let socket: WebSocketLike;
		let done = false;
		const timers: Array< ReturnType< typeof setTimeout > > = [];
		const finish = ( result: CheckResult ) => {
			if ( done ) {
				return;
			}
			done = true;
			timers.forEach( clearTimeout );
			socket.onmessage = null;
			socket.onerror = null;
			socket.onclose = null;
			try {
				socket.close( 1000 );
			} catch {
				// already closed
			}
			resolve( result );
		};
		const badKey = () =>
			fail(
				'websocket',
				failed,
				sprintf(
					/* translators: 1: WebSocket address; 2: app key. */
					__(
						'The WebSocket server at %1$s refused the app key "%2$s".',
						'handoff-chat'
					),
					shown,
					realtime.key
				),
				__(
					'Give the bridge and its realtime server the same REALTIME_KEY.',
					'handoff-chat'
				)
			);
		try {
			socket = new deps.WebSocket( url );
		} catch {
			// A page on HTTPS may not open ws:// (mixed content): the constructor throws.
			resolve( closed );
			return;
		}
		timers.push(
			setTimeout(
				() =>
					finish(
						fail(
							'websocket',
							failed,
							sprintf(
								/* translators: 1: WebSocket address; 2: seconds. */
								__(
									'WebSocket port blocked: %1$s did not answer within %2$d seconds.',
									'handoff-chat'
								),
								shown,
								Math.round( ms / 1000 )
							),
							__(
								"Open this port to visitors in the server's firewall, or serve the WebSocket through the bridge's HTTPS address (reverse proxy).",
								'handoff-chat'
							)
						)
					),
				ms
			)
		);
		socket.onmessage = ( ev ) => {
			let msg: { event?: string; data?: unknown } | null = null;
			try {
				msg = JSON.parse( String( ev.data ) );
			} catch {
				// not Pusher: handled below
			}
			if ( msg?.event === 'pusher:connection_established' ) {
				finish(
					pass(
						'websocket',
						__( 'The realtime WebSocket answers', 'handoff-chat' ),
						sprintf(
							/* translators: %s: WebSocket address. */
							__(
								'%s welcomed this browser (Pusher protocol).',
								'handoff-chat'
							),
							shown
						)
					)
				);
				return;
			}
			if ( msg?.event === 'pusher:error' ) {
				const data =
					typeof msg.data === 'string'
						? JSON.parse( msg.data )
						: ( msg.data as { code?: number; message?: string } );
				finish(
					data?.code === 4001
						? badKey()
						: fail(
								'websocket',
								failed,
								sprintf(
									/* translators: 1: WebSocket address; 2: the server's error. */
									__(
										'The WebSocket server at %1$s refused the connection: %2$s',
										'handoff-chat'
									),
									shown,
									`${ data?.code ?? '' } ${ data?.message ?? '' }`.trim()
								),
								__(
									"Read the bridge's log for the reason.",
									'handoff-chat'
								)
							)
				);
			}
		};
		socket.onclose = ( ev ) =>
			finish( ev.code === 4001 ? badKey() : closed );
		// The browser says no more than "error"; the close event (code 1006) follows.
		socket.onerror = () => undefined;
	} );
}

/**
 * Every browser check, in order; the WebSocket one needs the bridge's answer.
 * @param input What the widget is given.
 * @param deps  Browser objects.
 */
export async function runBrowserChecks(
	input: CheckInput,
	deps: CheckDeps
): Promise< { results: CheckResult[]; realtimeUrl: string } > {
	const results: CheckResult[] = [ addressCheck( input ) ];
	const { result, realtime } = await httpCheck( input, deps );
	results.push( result );
	if ( ! realtime ) {
		results.push(
			fail(
				'websocket',
				__(
					"Visitors' realtime connection (WebSocket) fails",
					'handoff-chat'
				),
				__(
					'Not tried: the WebSocket address comes from the bridge, which this browser could not read.',
					'handoff-chat'
				),
				__( 'Fix the check above first.', 'handoff-chat' )
			)
		);
		return { results, realtimeUrl: '' };
	}
	results.push( await websocketCheck( input, realtime, deps ) );
	const siteIsHttps = new URL( input.siteUrl ).protocol === 'https:';
	return {
		results,
		realtimeUrl: realtimeUrl( realtime, siteIsHttps ).url.replace(
			/\/app\/.*$/,
			''
		),
	};
}
