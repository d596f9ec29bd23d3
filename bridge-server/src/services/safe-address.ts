/**
 * Outgoing webhooks must not become a way to call the bridge's own network (SSRF): unless
 * WEBHOOKS_ALLOW_PRIVATE, an address in a loopback, private, link-local, shared, multicast or
 * reserved range is refused — checked on the addresses the connection actually uses (the
 * `lookup` below), so a name that resolves elsewhere between a check and the connection
 * (DNS rebinding) gains nothing.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for ( const [ net, bits ] of [
	[ '0.0.0.0', 8 ],
	[ '10.0.0.0', 8 ],
	[ '100.64.0.0', 10 ],
	[ '127.0.0.0', 8 ],
	[ '169.254.0.0', 16 ],
	[ '172.16.0.0', 12 ],
	[ '192.0.0.0', 24 ],
	[ '192.168.0.0', 16 ],
	[ '198.18.0.0', 15 ],
	[ '224.0.0.0', 4 ],
	[ '240.0.0.0', 4 ],
] as const ) {
	blocked.addSubnet( net, bits, 'ipv4' );
}
for ( const [ net, bits ] of [
	[ '::', 128 ],
	[ '::1', 128 ],
	[ 'fc00::', 7 ],
	[ 'fe80::', 10 ],
	[ 'ff00::', 8 ],
	[ '64:ff9b::', 96 ],
] as const ) {
	blocked.addSubnet( net, bits, 'ipv6' );
}

/** True for an address no webhook may reach by default. */
export function isPrivateAddress( address: string ): boolean {
	const family = isIP( address );
	if ( family === 4 ) {
		return blocked.check( address, 'ipv4' );
	}
	if ( family === 6 ) {
		// An IPv4-mapped address is the IPv4 one.
		const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec( address );
		return mapped
			? blocked.check( mapped[ 1 ], 'ipv4' )
			: blocked.check( address, 'ipv6' );
	}
	return true;
}

/** Whether a URL's host is a name or address of the local machine or a private network, without DNS. */
export function isPrivateHost( hostname: string ): boolean {
	const host = hostname.replace( /^\[|\]$/g, '' ).toLowerCase();
	if ( host === 'localhost' || host.endsWith( '.localhost' ) ) {
		return true;
	}
	return isIP( host ) !== 0 && isPrivateAddress( host );
}

export class RefusedAddressError extends Error {
	readonly code = 'EADDRREFUSED';
}

/** A `lookup` for http(s).request that fails on private addresses unless they are allowed. */
export function guardedLookup( allowPrivate: boolean ): LookupFunction {
	return ( hostname, options, callback ) => {
		dnsLookup( hostname, { ...options, all: true }, ( err, addresses ) => {
			if ( err ) {
				callback( err, '', 0 );
				return;
			}
			const all = addresses as LookupAddress[];
			const bad = all.find( ( a ) => isPrivateAddress( a.address ) );
			if ( ! allowPrivate && bad ) {
				callback(
					new RefusedAddressError(
						`${ hostname } resolves to ${ bad.address }, a private address (WEBHOOKS_ALLOW_PRIVATE is off)`
					),
					'',
					0
				);
				return;
			}
			if ( options.all ) {
				( callback as any )( null, all );
			} else {
				callback( null, all[ 0 ].address, all[ 0 ].family );
			}
		} );
	};
}
