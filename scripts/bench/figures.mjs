/** Clocks, percentiles and number formats shared by the bench's parts (bench.mjs, scaleout.mjs). */

/** Milliseconds on this process's monotonic clock. */
export const now = () => performance.now();
/** Milliseconds since the epoch, comparable across worker threads. */
export const abs = () => performance.timeOrigin + performance.now();
export const sleep = ( ms ) => new Promise( ( r ) => setTimeout( r, ms ) );
/**
 * The p-th percentile (nearest rank) of `xs`; NaN when empty.
 * @param {number[]} xs Samples, in any order.
 * @param {number}   p  Percentile, 0–100.
 * @return {number} The sample at that rank.
 */
export const pct = ( xs, p ) => {
	if ( ! xs.length ) {
		return NaN;
	}
	const s = [ ...xs ].sort( ( a, b ) => a - b );
	return s[
		Math.min( s.length - 1, Math.ceil( ( p / 100 ) * s.length ) - 1 )
	];
};
export const f1 = ( x ) =>
	Number.isFinite( x ) ? x.toFixed( x < 10 ? 2 : 1 ) : '–';
export const int = ( x ) =>
	Number.isFinite( x ) ? Math.round( x ).toLocaleString( 'en' ) : '–';
