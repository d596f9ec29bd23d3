/**
 * The bridge's log: pino, one JSON object per line on stderr, `time` in ISO 8601 and `level`
 * as its name. Level from LOG_LEVEL (fatal, error, warn, info, debug, trace, silent; default
 * info, silent under jest unless set). Errors go in `err` (or `error`), serialised by pino
 * (type, message, stack, code, cause) inside the line: never a raw multi-line stack.
 */
import pino, {
	type DestinationStream,
	type Logger as PinoLogger,
	type LevelWithSilent,
} from 'pino';

/** What the bridge's code logs through; tests may pass a double with these three methods. */
export interface Logger {
	info: ( msg: string, data?: Record< string, unknown > ) => void;
	warn: ( msg: string, data?: Record< string, unknown > ) => void;
	error: ( msg: string, data?: Record< string, unknown > ) => void;
	debug?: ( msg: string, data?: Record< string, unknown > ) => void;
	/** The pino logger underneath (request logs use it); absent from test doubles. */
	readonly pino?: PinoLogger;
}

export interface LoggerOptions {
	level?: LevelWithSilent;
	/** Where the lines go (default: stderr, written synchronously so none is lost at exit). */
	stream?: DestinationStream;
}

/** The path with every query value replaced, keys kept (`?q=…&limit=…`). */
export function redactedUrl( url: string ): string {
	const q = url.indexOf( '?' );
	if ( q < 0 ) {
		return url;
	}
	const keys = url
		.slice( q + 1 )
		.split( '&' )
		.filter( Boolean )
		.map( ( pair ) => {
			const key = pair.split( '=' )[ 0 ];
			return `${ /^[\w.[\]-]{1,64}$/.test( key ) ? key : '…' }=…`;
		} );
	return `${ url.slice( 0, q ) }?${ keys.join( '&' ) }`;
}

const URL_WITH_QUERY = /\bhttps?:\/\/[^\s?#"']+\?[^\s#"']*/g;

/** Every URL in a serialised error (its `url`, or inside a message or stack) loses its query values. */
function redactUrls( value: unknown, depth = 0 ): unknown {
	if ( typeof value === 'string' ) {
		return value.replace( URL_WITH_QUERY, redactedUrl );
	}
	if ( value && typeof value === 'object' && depth < 4 ) {
		const o = value as Record< string, unknown >;
		for ( const key of Object.keys( o ) ) {
			o[ key ] = redactUrls( o[ key ], depth + 1 );
		}
	}
	return value;
}

/**
 * pino's error serialiser (type, message, stack, code, cause and other own fields, nested
 * errors too), with URLs redacted: the Pusher SDK's errors carry the signed request's URL.
 */
function serializeError( e: unknown ) {
	if ( typeof ( e as Error | undefined )?.message !== 'string' ) {
		// Not an error: a string is redacted, anything else left as given (never mutated).
		return typeof e === 'string' ? redactUrls( e ) : e;
	}
	// A new object, which the redaction may change in place.
	return redactUrls( pino.stdSerializers.err( e as Error ) );
}

const LEVELS: readonly string[] = Object.keys( pino.levels.values ).concat(
	'silent'
);

function defaultLevel(): LevelWithSilent {
	const env = process.env.LOG_LEVEL?.trim().toLowerCase();
	if ( env && LEVELS.includes( env ) ) {
		return env as LevelWithSilent;
	}
	return process.env.JEST_WORKER_ID ? 'silent' : 'info';
}

export function createLogger(
	opts: LoggerOptions | LevelWithSilent = {}
): Logger {
	const { level = defaultLevel(), stream } =
		typeof opts === 'string' ? { level: opts } : opts;
	const p = pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			formatters: { level: ( label ) => ( { level: label } ) },
			serializers: {
				err: serializeError,
				error: serializeError,
			},
		},
		stream ?? pino.destination( { dest: 2, sync: true } )
	);
	return fromPino( p );
}

/** The Logger interface over a pino logger (or a child of one, e.g. bound to a request id). */
export function fromPino( p: PinoLogger ): Logger {
	const at =
		( level: 'debug' | 'info' | 'warn' | 'error' ) =>
		( msg: string, data?: Record< string, unknown > ) =>
			data ? p[ level ]( data, msg ) : p[ level ]( msg );
	return {
		debug: at( 'debug' ),
		info: at( 'info' ),
		warn: at( 'warn' ),
		error: at( 'error' ),
		pino: p,
	};
}

/**
 * knex's `log` option: its warnings (a failed connection comes with its stack), errors and
 * deprecations become lines of this log instead of console.log's coloured text. A message's
 * first line is `detail`, the rest (a stack) `stack`, both inside the one JSON line.
 */
export function knexLog( log: Logger ) {
	const line =
		( write: ( msg: string, data: Record< string, unknown > ) => void ) =>
		( message: unknown ) => {
			if ( message instanceof Error ) {
				write( 'knex', { err: message } );
				return;
			}
			const text =
				typeof message === 'string'
					? message
					: JSON.stringify( message );
			const nl = text.indexOf( '\n' );
			write(
				'knex',
				nl < 0
					? { detail: text }
					: {
							detail: text.slice( 0, nl ),
							stack: text.slice( nl + 1 ),
						}
			);
		};
	return {
		warn: line( log.warn ),
		error: line( log.error ),
		deprecate: ( method: string, alternative: string ) =>
			log.warn( 'knex', {
				detail: `${ method } is deprecated, use ${ alternative }`,
			} ),
		debug: line( log.debug ?? ( () => undefined ) ),
	};
}
