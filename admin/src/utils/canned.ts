/**
 * Canned responses in the reply box: typing `/` at the start of a word opens the list,
 * what follows filters it, and the chosen response replaces `/query`.
 */
import type { CannedResponse } from '@handoff-chat/contracts';

export interface CannedQuery {
	/** What follows the slash, lower-cased. */
	query: string;
	/** Index of the slash in the text. */
	start: number;
}

/** The `/query` that ends at the caret, or null when the caret is not in one. */
export function cannedQueryAt(
	value: string,
	caret: number | null | undefined
): CannedQuery | null {
	const end = caret ?? value.length;
	const m = /(^|\s)\/([a-z0-9_-]{0,48})$/i.exec( value.slice( 0, end ) );
	if ( ! m ) {
		return null;
	}
	return {
		query: m[ 2 ].toLowerCase(),
		start: end - m[ 2 ].length - 1,
	};
}

/** Shortcuts starting with the query first, then those containing it; at most `max`. */
export function filterCanned(
	list: readonly CannedResponse[],
	query: string,
	max = 8
): CannedResponse[] {
	const q = query.toLowerCase();
	const starts = list.filter( ( r ) => r.shortcut.startsWith( q ) );
	const contains = list.filter(
		( r ) =>
			! r.shortcut.startsWith( q ) &&
			( r.shortcut.includes( q ) || r.text.toLowerCase().includes( q ) )
	);
	return [ ...starts, ...contains ].slice( 0, max );
}

/** Replaces `/query` (from `start` to the caret) with the response's text. */
export function insertCanned(
	value: string,
	at: CannedQuery,
	caret: number | null | undefined,
	text: string
): { value: string; caret: number } {
	const end = caret ?? value.length;
	return {
		value: value.slice( 0, at.start ) + text + value.slice( end ),
		caret: at.start + text.length,
	};
}
