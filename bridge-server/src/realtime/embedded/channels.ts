/** Who is subscribed to what, and who is present on presence channels. */

export interface Subscriber {
	socketId: string;
	/** Writes a complete WebSocket frame (textFrame(); shared by every subscriber: never modify it). */
	sendFrame: ( frame: Buffer ) => void;
}

/**
 * An unmasked, final WebSocket text frame (RFC 6455 §5.2) holding `payload`, built once
 * and written as is to every subscriber's socket. No extension is negotiated
 * (perMessageDeflate is off in server.ts), so the frame is the same for every socket.
 */
export function textFrame( payload: Buffer ): Buffer {
	const length = payload.length;
	let header = 2;
	if ( length >= 65536 ) {
		header = 10;
	} else if ( length >= 126 ) {
		header = 4;
	}
	const frame = Buffer.allocUnsafe( header + length );
	frame[ 0 ] = 0x81; // FIN, opcode 1 (text)
	if ( header === 2 ) {
		frame[ 1 ] = length;
	} else if ( header === 4 ) {
		frame[ 1 ] = 126;
		frame.writeUInt16BE( length, 2 );
	} else {
		frame[ 1 ] = 127;
		frame.writeBigUInt64BE( BigInt( length ), 2 );
	}
	payload.copy( frame, header );
	return frame;
}

interface Member {
	info: unknown;
	sockets: Set< string >;
}

interface Channel {
	subscribers: Map< string, Subscriber >;
	/** Presence channels only: user id → info and the user's sockets. */
	members: Map< string, Member >;
}

export const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;
export const isPresence = ( name: string ) => name.startsWith( 'presence-' );
export const isPrivate = ( name: string ) => name.startsWith( 'private-' );

/**
 * Occupied channels are also indexed under each prefix that ends at one of their first
 * INDEXED_DASHES dashes (`private-`, `private-visitor-`, `private-visitor-<site>-`), so a
 * query by such a prefix (who is online on a site) costs what it returns, not every channel.
 */
const INDEXED_DASHES = 3;

function indexedPrefixes( name: string ): string[] {
	const out: string[] = [];
	for (
		let i = name.indexOf( '-' );
		i !== -1 && out.length < INDEXED_DASHES;
		i = name.indexOf( '-', i + 1 )
	) {
		out.push( name.slice( 0, i + 1 ) );
	}
	return out;
}

export class ChannelRegistry {
	private channels = new Map< string, Channel >();
	private byPrefix = new Map< string, Set< string > >();
	/** Subscriptions across all channels, kept as a count (health and metrics read it). */
	private subscriptionTotal = 0;

	private get( name: string ): Channel {
		let c = this.channels.get( name );
		if ( ! c ) {
			c = { subscribers: new Map(), members: new Map() };
			this.channels.set( name, c );
			for ( const p of indexedPrefixes( name ) ) {
				let set = this.byPrefix.get( p );
				if ( ! set ) {
					set = new Set();
					this.byPrefix.set( p, set );
				}
				set.add( name );
			}
		}
		return c;
	}

	private drop( name: string ) {
		this.channels.delete( name );
		for ( const p of indexedPrefixes( name ) ) {
			const set = this.byPrefix.get( p );
			set?.delete( name );
			if ( set?.size === 0 ) {
				this.byPrefix.delete( p );
			}
		}
	}

	/** Occupied channels. */
	get size(): number {
		return this.channels.size;
	}

	/** Subscriptions on all channels. */
	get subscriptions(): number {
		return this.subscriptionTotal;
	}

	isSubscribed( name: string, socketId: string ): boolean {
		return this.channels.get( name )?.subscribers.has( socketId ) ?? false;
	}

	/** Returns whether this socket brought a new user to a presence channel. */
	subscribe(
		name: string,
		sub: Subscriber,
		member?: { userId: string; info: unknown }
	): boolean {
		const c = this.get( name );
		if ( ! c.subscribers.has( sub.socketId ) ) {
			this.subscriptionTotal++;
		}
		c.subscribers.set( sub.socketId, sub );
		if ( ! member ) {
			return false;
		}
		const existing = c.members.get( member.userId );
		if ( existing ) {
			existing.sockets.add( sub.socketId );
			return false;
		}
		c.members.set( member.userId, {
			info: member.info,
			sockets: new Set( [ sub.socketId ] ),
		} );
		return true;
	}

	/** Returns the user id whose last socket just left a presence channel, if any. */
	unsubscribe( name: string, socketId: string ): string | null {
		const c = this.channels.get( name );
		if ( ! c || ! c.subscribers.delete( socketId ) ) {
			return null;
		}
		this.subscriptionTotal--;
		let gone: string | null = null;
		for ( const [ userId, m ] of c.members ) {
			if ( m.sockets.delete( socketId ) && m.sockets.size === 0 ) {
				c.members.delete( userId );
				gone = userId;
			}
		}
		if ( c.subscribers.size === 0 ) {
			this.drop( name );
		}
		return gone;
	}

	presence( name: string ) {
		const members =
			this.channels.get( name )?.members ?? new Map< string, Member >();
		const hash: Record< string, unknown > = {};
		for ( const [ id, m ] of members ) {
			hash[ id ] = m.info;
		}
		return { ids: [ ...members.keys() ], hash, count: members.size };
	}

	/**
	 * Sends to every subscriber of the channel except `exceptSocketId`. The frame is
	 * serialised, encoded and framed once for all of them.
	 */
	broadcast( name: string, frame: object, exceptSocketId?: string ): number {
		const c = this.channels.get( name );
		if ( ! c ) {
			return 0;
		}
		let bytes: Buffer | undefined;
		let n = 0;
		for ( const [ id, sub ] of c.subscribers ) {
			if ( id !== exceptSocketId ) {
				bytes ??= textFrame( Buffer.from( JSON.stringify( frame ) ) );
				sub.sendFrame( bytes );
				n++;
			}
		}
		return n;
	}

	/** Occupied channel names starting with `prefix`: from the index when it holds that prefix. */
	names( prefix = '' ): string[] {
		if ( prefix === '' ) {
			return [ ...this.channels.keys() ];
		}
		const dashes = prefix.split( '-' ).length - 1;
		if ( prefix.endsWith( '-' ) && dashes <= INDEXED_DASHES ) {
			return [ ...( this.byPrefix.get( prefix ) ?? [] ) ];
		}
		return [ ...this.channels.keys() ].filter( ( n ) =>
			n.startsWith( prefix )
		);
	}

	list(
		prefix = ''
	): Array< { name: string; subscriptionCount: number; userCount: number } > {
		return this.names( prefix ).map( ( name ) => {
			const c = this.channels.get( name )!;
			return {
				name,
				subscriptionCount: c.subscribers.size,
				userCount: c.members.size,
			};
		} );
	}

	info( name: string ) {
		const c = this.channels.get( name );
		return {
			occupied: !! c,
			subscriptionCount: c?.subscribers.size ?? 0,
			userCount: c?.members.size ?? 0,
		};
	}

	userIds( name: string ): string[] {
		return [ ...( this.channels.get( name )?.members.keys() ?? [] ) ];
	}
}
