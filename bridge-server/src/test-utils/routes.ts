/**
 * Every route an Express 5 app answers, read from its router stack at runtime (so a route
 * added anywhere shows up without being listed by hand): `METHOD /path` strings, in
 * registration order. Routers mounted with a path prefix are followed; a layer whose path
 * is not a plain string (a RegExp mount) cannot be named and throws, rather than be skipped.
 */
import type { Express } from 'express';

interface Layer {
	route?: { path: unknown; methods: Record< string, boolean > };
	handle?: { stack?: Layer[] };
	rawPath?: unknown;
}

export function listRoutes( app: Express ): string[] {
	const root = ( app as unknown as { router: { stack: Layer[] } } ).router;
	const found: string[] = [];
	const walk = ( stack: Layer[], prefix: string ) => {
		for ( const layer of stack ) {
			if ( layer.route ) {
				if ( typeof layer.route.path !== 'string' ) {
					throw new Error(
						`A route with a non-string path: ${ String( layer.route.path ) }`
					);
				}
				for ( const [ method, on ] of Object.entries(
					layer.route.methods
				) ) {
					if ( on && method !== '_all' ) {
						found.push(
							`${ method.toUpperCase() } ${ prefix }${ layer.route.path }`
						);
					}
				}
			} else if ( layer.handle?.stack ) {
				const mount = layer.rawPath ?? '/';
				if ( typeof mount !== 'string' ) {
					throw new Error(
						`A router mounted on a non-string path: ${ String( mount ) }`
					);
				}
				walk(
					layer.handle.stack,
					prefix + ( mount === '/' ? '' : mount )
				);
			}
		}
	};
	walk( root.stack, '' );
	return found;
}
