/** Minimal structured logger (JSON lines on stderr); silent in tests unless LOG_LEVEL is set. */
export interface Logger {
	info: ( msg: string, data?: Record< string, unknown > ) => void;
	warn: ( msg: string, data?: Record< string, unknown > ) => void;
	error: ( msg: string, data?: Record< string, unknown > ) => void;
}

const LEVELS = { error: 0, warn: 1, info: 2 } as const;

export function createLogger(
	level: keyof typeof LEVELS | 'silent' = ( process.env.LOG_LEVEL as any ) ??
		( process.env.JEST_WORKER_ID ? 'silent' : 'info' )
): Logger {
	const max = level === 'silent' ? -1 : ( LEVELS[ level ] ?? 2 );
	const write =
		( lvl: keyof typeof LEVELS ) =>
		( msg: string, data?: Record< string, unknown > ) => {
			if ( LEVELS[ lvl ] <= max ) {
				process.stderr.write(
					JSON.stringify( {
						time: new Date().toISOString(),
						level: lvl,
						msg,
						...data,
					} ) + '\n'
				);
			}
		};
	return {
		info: write( 'info' ),
		warn: write( 'warn' ),
		error: write( 'error' ),
	};
}
