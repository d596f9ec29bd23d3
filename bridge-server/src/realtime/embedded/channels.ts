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

export class ChannelRegistry {
	private channels = new Map< string, Channel >();

	private get( name: string ): Channel {
		let c = this.channels.get( name );
		if ( ! c ) {
			c = { subscribers: new Map(), members: new Map() };
			this.channels.set( name, c );
		}
		return c;
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
		let gone: string | null = null;
		for ( const [ userId, m ] of c.members ) {
			if ( m.sockets.delete( socketId ) && m.sockets.size === 0 ) {
				c.members.delete( userId );
				gone = userId;
			}
		}
		if ( c.subscribers.size === 0 ) {
			this.channels.delete( name );
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

	list(
		prefix = ''
	): Array< { name: string; subscriptionCount: number; userCount: number } > {
		return [ ...this.channels ]
			.filter( ( [ name ] ) => name.startsWith( prefix ) )
			.map( ( [ name, c ] ) => ( {
				name,
				subscriptionCount: c.subscribers.size,
				userCount: c.members.size,
			} ) );
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
