/**
 * A local HTTP server standing in for WordPress's notify endpoint: it reads each call the bridge
 * signs with a site's secret, checks the signature as the plugin does (class-request-signer.php),
 * and lets the test answer. For tests of the bridge → WordPress calls (notifications, check-notify).
 */
import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	SIGNATURE_HEADER,
	SITE_HEADER,
	TIMESTAMP_HEADER,
	verifySignedRequest,
} from '../auth/signed-request';

/** One call as WordPress received it. */
export interface SignedCall {
	path: string;
	body: any;
	/** The signature checked out with the secret of the site the call names. */
	verified: boolean;
	site: string;
}

function readBody( req: IncomingMessage ): Promise< Buffer > {
	return new Promise( ( resolve ) => {
		const chunks: Buffer[] = [];
		req.on( 'data', ( b ) => chunks.push( b ) );
		req.on( 'end', () => resolve( Buffer.concat( chunks ) ) );
	} );
}

/**
 * Starts the stand-in on a loopback port. `secretOf` gives a site's current secret; `answer`
 * writes the response to each call (after it is recorded in `received`).
 */
export async function startFakeWordPress(
	secretOf: ( siteId: string ) => string | undefined,
	answer: ( call: SignedCall, res: ServerResponse ) => void | Promise< void >
): Promise< {
	url: string;
	received: SignedCall[];
	close: () => Promise< void >;
} > {
	const received: SignedCall[] = [];
	const server: Server = createServer( async ( req, res ) => {
		const raw = await readBody( req );
		const site = String( req.headers[ SITE_HEADER.toLowerCase() ] ?? '' );
		let verified = false;
		try {
			verifySignedRequest(
				secretOf( site ) ?? 'unknown',
				{
					method: req.method ?? '',
					path: req.url ?? '',
					timestamp: String(
						req.headers[ TIMESTAMP_HEADER.toLowerCase() ]
					),
					body: raw,
				},
				String( req.headers[ SIGNATURE_HEADER.toLowerCase() ] )
			);
			verified = true;
		} catch {
			// recorded as unverified; the test's answer decides (the plugin answers 401)
		}
		const call = {
			path: req.url ?? '',
			body: JSON.parse( raw.toString() ),
			verified,
			site,
		};
		received.push( call );
		await answer( call, res );
	} );
	await new Promise< void >( ( r ) => server.listen( 0, '127.0.0.1', r ) );
	return {
		url: `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`,
		received,
		async close() {
			server.closeAllConnections();
			await new Promise( ( r ) => server.close( r ) );
		},
	};
}
