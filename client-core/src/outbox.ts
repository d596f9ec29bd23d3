/**
 * What a client sends, shown before the bridge confirms it: each item gets a client id
 * once and keeps it on every retry, so the bridge stores it at most once (201 new, 200
 * replay). Items go one at a time in the order they were queued. Framework-free: the
 * widget's Outbox wraps a send queue (one owner, told by `onChange`), the admin's useOutbox
 * hook an outbox (listeners, dispose); both do the sending themselves. Every change
 * replaces the list and the item changed, so a snapshot can be kept as is.
 */
import { newClientId } from '@handoff-chat/contracts/client-id';
import { isRetryable, messageOf, retryAfterOf } from './errors';

/**
 * A wait the bridge asks for (`Retry-After`) is waited out with the item still sending when
 * it is at most this long (the rate limits' window is a minute)…
 */
export const MAX_RETRY_AFTER_MS = 60_000;
/** …and at most this many times in a row for one item; then it fails as any other error. */
export const MAX_RETRY_AFTER_WAITS = 3;

/** `failed`: may be retried; `rejected`: the bridge refused it, only discarding is left. */
export type OutboxStatus = 'sending' | 'failed' | 'rejected';

/** What the outbox keeps on every item; a client adds its own fields (text, file…). */
export interface OutboxItem {
	readonly clientId: string;
	/** ISO time it was queued. */
	readonly createdAt: string;
	readonly status: OutboxStatus;
	/** The message of the last failure; absent while sending. */
	readonly error?: string;
}

/** A client's own fields of an item. */
export type OutboxFields< T extends OutboxItem > = Omit< T, keyof OutboxItem >;

/** How a failed attempt ends: kept to retry, refused for good, or forgotten at once. */
export type FailureOutcome = 'failed' | 'rejected' | 'drop';

/** How a queue sends and what a failure means. */
export interface OutboxOptions< T extends OutboxItem > {
	/**
	 * Delivers one item (resolves once the bridge stored it, rejects otherwise). `update`
	 * keeps something learnt on the way for a retry, e.g. an image's upload id.
	 */
	send: (
		item: T,
		update: ( change: Partial< OutboxFields< T > > ) => void
	) => Promise< void >;
	/** Decides a failure's outcome; by default `isRetryable` ? failed : rejected. */
	onFailure?: ( error: unknown, item: T ) => FailureOutcome | void;
	/** An item left the outbox (sent, discarded, dropped): e.g. release its preview URL. */
	onRemove?: ( item: T ) => void;
	clientId?: () => string;
	now?: () => Date;
}

export interface SendQueueOptions<
	T extends OutboxItem,
> extends OutboxOptions< T > {
	/** Called after every change: the one listener of a queue that a single view owns. */
	onChange?: () => void;
}

/** The queue itself: what a client that owns it alone (the widget) needs. */
export interface SendQueue< T extends OutboxItem > {
	/** The items not confirmed yet, in queue order (a new array after every change). */
	readonly items: readonly T[];
	/** Adds an item (its fields may depend on the new client id) and sends it in turn. */
	queue: (
		fields:
			OutboxFields< T > | ( ( clientId: string ) => OutboxFields< T > )
	) => T;
	/** Sends a failed or rejected item again, same client id; false if there is none to retry. */
	retry: (
		clientId: string,
		change?: Partial< OutboxFields< T > >
	) => boolean;
	/**
	 * Sends every failed item again (not the rejected ones), in queue order, same client ids:
	 * the connection is back. Returns how many went.
	 */
	retryFailed: ( change?: Partial< OutboxFields< T > > ) => number;
	/** Forgets an item that is not being sent; false if there is none. */
	discard: ( clientId: string ) => boolean;
	/** Forgets every item that passes `test`, even one being sent (its outcome is then ignored). */
	dropWhere: ( test: ( item: T ) => boolean ) => void;
	/** Resolves once every item queued so far has had its attempt. */
	idle: () => Promise< void >;
}

/** A queue that any number of listeners follow, and that can be disposed of (the admin's hook). */
export interface Outbox< T extends OutboxItem > extends SendQueue< T > {
	/** Calls `listener` after every change; returns the unsubscribe function. */
	subscribe: ( listener: () => void ) => () => void;
	/** Forgets everything and stops notifying (a closed conversation, an unmounted view). */
	dispose: () => void;
}

/**
 * A new queue that tells one `onChange` of its changes.
 * @param options How to send, what a failure means, and whom to tell.
 */
export function createSendQueue< T extends OutboxItem >(
	options: SendQueueOptions< T >
): SendQueue< T > {
	const makeId = options.clientId ?? newClientId;
	const now = options.now ?? ( () => new Date() );
	let items: T[] = [];
	let chain: Promise< void > = Promise.resolve();

	const notify = () => options.onChange?.();

	const find = ( clientId: string ) =>
		items.find( ( i ) => i.clientId === clientId );
	const patch = ( clientId: string, change: Partial< T > ) => {
		if ( find( clientId ) ) {
			items = items.map( ( i ) =>
				i.clientId === clientId ? { ...i, ...change } : i
			);
			notify();
		}
	};
	const dropWhere = ( test: ( item: T ) => boolean ) => {
		const gone = items.filter( test );
		if ( gone.length ) {
			items = items.filter( ( i ) => ! gone.includes( i ) );
			gone.forEach( ( i ) => options.onRemove?.( i ) );
			notify();
		}
	};

	const attempt = ( clientId: string ) => {
		chain = chain.then( async () => {
			for ( let waits = 0; ; waits++ ) {
				const item = find( clientId );
				if ( item?.status !== 'sending' ) {
					return; // Dropped before its turn (or while waiting).
				}
				try {
					await options.send( item, ( change ) =>
						patch( clientId, change as Partial< T > )
					);
					dropWhere( ( i ) => i.clientId === clientId );
					return;
				} catch ( e ) {
					const failed = find( clientId );
					if ( ! failed ) {
						return;
					}
					// The bridge said when to come back (a 429's Retry-After): the item stays
					// "sending" and goes again then, the items after it waiting their turn.
					const wait = retryAfterOf( e );
					if (
						isRetryable( e ) &&
						wait !== undefined &&
						wait <= MAX_RETRY_AFTER_MS &&
						waits < MAX_RETRY_AFTER_WAITS
					) {
						await new Promise( ( resolve ) =>
							setTimeout( resolve, wait )
						);
						continue;
					}
					fail( clientId, failed, e );
					return;
				}
			}
		} );
	};

	/** The attempt failed for good: kept to retry, refused, or dropped (onFailure decides). */
	const fail = ( clientId: string, failed: T, e: unknown ) => {
		const outcome =
			options.onFailure?.( e, failed ) ||
			( isRetryable( e ) ? 'failed' : 'rejected' );
		if ( outcome === 'drop' ) {
			dropWhere( ( i ) => i.clientId === clientId );
		} else {
			patch( clientId, {
				status: outcome,
				error: messageOf( e ),
			} as Partial< T > );
		}
	};

	const retry = (
		clientId: string,
		change?: Partial< OutboxFields< T > >
	): boolean => {
		const item = find( clientId );
		if ( ! item || item.status === 'sending' ) {
			return false;
		}
		patch( clientId, {
			...change,
			status: 'sending',
			error: undefined,
		} as Partial< T > );
		attempt( clientId );
		return true;
	};

	return {
		get items() {
			return items;
		},
		queue( fields ) {
			const clientId = makeId();
			const item = {
				...( typeof fields === 'function'
					? fields( clientId )
					: fields ),
				clientId,
				createdAt: now().toISOString(),
				status: 'sending',
			} as T;
			items = [ ...items, item ];
			notify();
			attempt( clientId );
			return item;
		},
		retry,
		retryFailed( change ) {
			const failed = items.filter( ( i ) => i.status === 'failed' );
			failed.forEach( ( i ) => retry( i.clientId, change ) );
			return failed.length;
		},
		discard( clientId ) {
			const item = find( clientId );
			if ( ! item || item.status === 'sending' ) {
				return false;
			}
			dropWhere( ( i ) => i === item );
			return true;
		},
		dropWhere,
		idle: () => chain,
	};
}

/**
 * A new outbox: a send queue with listeners.
 * @param options How to send, and what a failure means.
 */
export function createOutbox< T extends OutboxItem >(
	options: OutboxOptions< T >
): Outbox< T > {
	const listeners = new Set< () => void >();
	const sends = createSendQueue< T >( {
		...options,
		onChange: () => listeners.forEach( ( l ) => l() ),
	} );
	return {
		get items() {
			return sends.items;
		},
		queue: sends.queue,
		retry: sends.retry,
		retryFailed: sends.retryFailed,
		discard: sends.discard,
		dropWhere: sends.dropWhere,
		idle: sends.idle,
		subscribe( listener ) {
			listeners.add( listener );
			return () => void listeners.delete( listener );
		},
		dispose() {
			sends.dropWhere( () => true );
			listeners.clear();
		},
	};
}
