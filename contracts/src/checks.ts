/**
 * The connection checks' contract: `POST /v1/sites/self/check-notify` (signed by WordPress)
 * makes the bridge send WordPress a harmless `ping` notification and report how it went.
 */
import { z } from 'zod';

/** A random token WordPress expects back in the ping, proving the round trip. */
export const NOTIFY_PING_TOKEN_PATTERN = /^[A-Za-z0-9]{16,64}$/;

export const checkNotifyBody = z
	.object( {
		token: z
			.string()
			.regex(
				NOTIFY_PING_TOKEN_PATTERN,
				'must be 16 to 64 letters and digits'
			),
	} )
	.strict();

export type CheckNotifyBody = z.infer< typeof checkNotifyBody >;

/** What the bridge posts to the site's notify endpoint for the check: nothing is emailed. */
export interface NotifyPing {
	type: 'ping';
	token: string;
}

/**
 * Why the ping did not arrive:
 * - `no_url`: the bridge's site record has no URL (`sites:create --url`);
 * - `unreachable`: no HTTP answer (refused, unknown host, timeout: firewall, loopback address);
 * - `signature_refused`: WordPress answered 401/403 (another secret on the bridge, or clocks apart);
 * - `not_acknowledged`: a 2xx without the plugin's JSON (plugin inactive, wrong URL, a page answered);
 * - `http_error`: any other status.
 */
export type NotifyCheckFailure =
	| 'no_url'
	| 'unreachable'
	| 'signature_refused'
	| 'not_acknowledged'
	| 'http_error';

export interface CheckNotifyResponse {
	/** WordPress answered 2xx with the plugin's JSON. */
	delivered: boolean;
	/** The notify URL the bridge called (from its site record), or null when it has none. */
	url: string | null;
	/** WordPress's HTTP status; null when none came back. */
	status: number | null;
	failure: NotifyCheckFailure | null;
	/** What went wrong, in English (the network error or the status); null when delivered. */
	error: string | null;
	/** The bridge's version (its package.json), or null when unknown. */
	bridgeVersion: string | null;
}
