/**
 * The set-up most HTTP test files share: a bridge started before the file's tests and
 * closed after them, with the chat helpers (whose pusher-js clients are disconnected
 * first). `h` and `c` stand for the bridge and helpers of the running file: use them
 * inside tests and hooks, never at the top level. Hooks a file adds run after this start.
 */
import type { ServiceOptions } from '../context';
import type { Logger } from '../logger';
import { chat, type Chat } from './chat';
import { startBridge, type Harness } from './harness';

export function setUpBridge(
	env: Record< string, string > = {},
	opts: { services?: ServiceOptions; log?: Logger } = {}
): { h: Harness; c: Chat } {
	let h: Harness | undefined;
	let c: Chat | undefined;
	beforeAll( async () => {
		h = await startBridge( env, opts );
		c = chat( h );
	} );
	afterAll( async () => {
		c?.disconnectAll();
		await h?.close();
	} );
	return { h: late( () => h, 'h' ), c: late( () => c, 'c' ) };
}

/** Forwards every property read to the object `get` returns once the bridge has started. */
function late< T extends object >( get: () => T | undefined, name: string ): T {
	return new Proxy( {} as T, {
		get( _target, key ) {
			const target = get();
			if ( ! target ) {
				throw new Error(
					`setUpBridge(): ${ name } exists only once beforeAll has run`
				);
			}
			return Reflect.get( target, key );
		},
	} );
}
