/**
 * The visitor's identity: a bridge-issued token kept in localStorage (no WordPress
 * nonce, so pages stay cacheable). Refreshing hands the previous token back, so the
 * visitor — and their conversation — stays the same across visits.
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

export class VisitorSessions {
	#session: VisitorSession | null = null;
	#pending: Promise< VisitorSession > | null = null;
	#fresh = false;
	readonly #api: BridgeApi;
	readonly #siteId: string;
	/** Called when the bridge could not keep the old identity and issued a new visitor. */
	onNewIdentity: () => void;

	/**
	 * @param api           The bridge client.
	 * @param siteId        The site.
	 * @param onNewIdentity See the property of that name.
	 */
	constructor(
		api: BridgeApi,
		siteId: string,
		onNewIdentity: () => void = () => undefined
	) {
		this.#api = api;
		this.#siteId = siteId;
		this.onNewIdentity = onNewIdentity;
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

	/** `POST /visitors` with the previous token; concurrent callers share one request. */
	refresh(): Promise< VisitorSession > {
		if ( ! this.#pending ) {
			const previous = this.#session ?? this.stored();
			this.#pending = this.#api
				.createVisitor( previous?.token )
				.then( ( session ) => {
					this.#session = session;
					this.#fresh = previous?.visitorId !== session.visitorId;
					writeItem(
						'localStorage',
						storageKeys.session( this.#siteId ),
						JSON.stringify( session )
					);
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
