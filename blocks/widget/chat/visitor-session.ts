/**
 * The visitor's identity: a bridge-issued token kept in localStorage (no WordPress
 * nonce, so pages stay cacheable). Refreshing hands the previous token back, so the
 * visitor — and their conversation — stays the same across visits. A logged-in WordPress
 * user is vouched for by WordPress itself: each refresh first asks the site (identityUrl,
 * with the login cookie) for a signed single-use identity, which gives them their one
 * visitor on every device.
 */
import type { VisitorSession } from '@handoff-chat/contracts';
import { statusOf } from '@handoff-chat/client-core/errors';
import type { BridgeApi } from './api';
import { readItem, storageKeys, writeItem } from './storage';

/**
 * A JSON value the widget keeps in localStorage; null when absent or unreadable.
 * @param key The storage key.
 */
export function readStoredJson( key: string ): any {
	try {
		return JSON.parse( readItem( 'localStorage', key ) || 'null' );
	} catch {
		return null;
	}
}

/** An identity is used within this long of being fetched (WordPress signs it for two minutes). */
const IDENTITY_KEEP_MS = 60_000;

/**
 * WordPress's signed identity of the logged-in visitor; undefined when logged out, or when
 * the site cannot say (the visitor then simply goes on anonymously).
 * @param url The site's identity URL (same origin: the login cookie goes with it).
 */
async function fetchIdentity( url: string ): Promise< string | undefined > {
	const abort = new AbortController();
	// Harmless once answered: an abort after the end changes nothing.
	setTimeout( () => abort.abort(), 10_000 );
	try {
		const res = await fetch( url, {
			credentials: 'same-origin',
			cache: 'no-store',
			signal: abort.signal,
		} );
		const token = res.ok ? ( await res.json() )?.token : null;
		return typeof token === 'string' && token ? token : undefined;
	} catch {
		return undefined;
	}
}

export class VisitorSessions {
	#session: VisitorSession | null = null;
	#pending: Promise< VisitorSession > | null = null;
	#fresh = false;
	/** An identity fetched by customer() and not used yet, with when it was asked for. */
	#identity: { at: number; token: Promise< string | undefined > } | null =
		null;
	readonly #api: BridgeApi;
	readonly #siteId: string;
	readonly #identityUrl: string;
	/** Called when the bridge could not keep the old identity and issued a new visitor. */
	onNewIdentity: () => void;

	/**
	 * @param api           The bridge client.
	 * @param siteId        The site.
	 * @param onNewIdentity See the property of that name.
	 * @param identityUrl   Where WordPress signs a logged-in visitor's identity; '' = never ask.
	 */
	constructor(
		api: BridgeApi,
		siteId: string,
		onNewIdentity: () => void = () => undefined,
		identityUrl = ''
	) {
		this.#api = api;
		this.#siteId = siteId;
		this.onNewIdentity = onNewIdentity;
		this.#identityUrl = identityUrl;
	}

	/** Whether WordPress vouches for this visitor (logged in): their conversation may wait on the bridge. */
	async customer(): Promise< boolean > {
		if ( this.#session ) {
			return !! this.#session.customer;
		}
		if ( ! this.#identityUrl ) {
			return false;
		}
		this.#identity ??= {
			at: Date.now(),
			token: fetchIdentity( this.#identityUrl ),
		};
		return !! ( await this.#identity.token );
	}

	/** The identity for one refresh (single use: taken, never reused). */
	#takeIdentity(): Promise< string | undefined > {
		const kept = this.#identity;
		this.#identity = null;
		if ( kept && Date.now() - kept.at < IDENTITY_KEEP_MS ) {
			return kept.token;
		}
		return this.#identityUrl
			? fetchIdentity( this.#identityUrl )
			: Promise.resolve( undefined );
	}

	get current(): VisitorSession | null {
		return this.#session;
	}

	/** The current session is a visitor the bridge issued just now (none before, or the old one refused). */
	get fresh(): boolean {
		return this.#fresh;
	}

	/** The session stored by an earlier page, if any (not checked with the bridge yet). */
	stored(): VisitorSession | null {
		const s = readStoredJson( storageKeys.session( this.#siteId ) );
		return s &&
			typeof s.token === 'string' &&
			typeof s.visitorId === 'string' &&
			s.realtime
			? ( s as VisitorSession )
			: null;
	}

	ensure(): Promise< VisitorSession > {
		return this.#session
			? Promise.resolve( this.#session )
			: this.refresh();
	}

	/**
	 * Takes a session the bridge issued elsewhere (a resume link's) as this browser's.
	 * @param session The session.
	 */
	adopt( session: VisitorSession ): void {
		this.#session = session;
		this.#fresh = false;
		this.#store( session );
	}

	#store( session: VisitorSession ): void {
		writeItem(
			'localStorage',
			storageKeys.session( this.#siteId ),
			JSON.stringify( session )
		);
	}

	/**
	 * `POST /visitors` with the previous token and, logged in, WordPress's identity;
	 * concurrent callers share one request.
	 */
	refresh(): Promise< VisitorSession > {
		if ( ! this.#pending ) {
			const previous = this.#session ?? this.stored();
			this.#pending = this.#takeIdentity()
				.then( ( identity ) =>
					this.#api.createVisitor( previous?.token, identity )
				)
				.then( ( session ) => {
					this.#session = session;
					// A customer's visitor may have a conversation from another device.
					this.#fresh =
						! session.customer &&
						previous?.visitorId !== session.visitorId;
					this.#store( session );
					if (
						previous &&
						previous.visitorId !== session.visitorId
					) {
						this.onNewIdentity();
					}
					return session;
				} )
				.finally( () => {
					this.#pending = null;
				} );
		}
		return this.#pending;
	}

	/**
	 * Runs a call with the token; a 401 (expired or revoked) refreshes once and retries.
	 * @param call The API call, given the token to use.
	 */
	async authed< T >( call: ( token: string ) => Promise< T > ): Promise< T > {
		const session = await this.ensure();
		try {
			return await call( session.token );
		} catch ( e ) {
			if ( statusOf( e ) === 401 ) {
				const fresh = await this.refresh();
				return call( fresh.token );
			}
			throw e;
		}
	}
}
