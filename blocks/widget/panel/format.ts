/** Pure text helpers for the panel: safe link detection, the page's language, author runs. */
import { safeHttpUrl } from '../chat/bot-steps';
import type { ChatItem } from '../chat/message-store';

export type TextSegment =
	| { type: 'text'; text: string }
	| { type: 'link'; text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;

/**
 * Splits text into plain runs and http(s) links. The view writes every segment with
 * textContent, so this never produces markup.
 * @param text Message text, as typed.
 */
export function linkify( text: string ): TextSegment[] {
	const out: TextSegment[] = [];
	let last = 0;
	const push = ( t: string ) => {
		if ( ! t ) {
			return;
		}
		const prev = out[ out.length - 1 ];
		if ( prev && prev.type === 'text' ) {
			prev.text += t;
		} else {
			out.push( { type: 'text', text: t } );
		}
	};
	for ( const match of text.matchAll( URL_RE ) ) {
		const start = match.index ?? 0;
		let candidate = match[ 0 ];
		// "see https://x.y/a)." — keep a closing bracket only when the URL opened one.
		const trailing = TRAILING_PUNCTUATION.exec( candidate )?.[ 0 ] ?? '';
		let keep = '';
		if ( trailing.startsWith( ')' ) && candidate.includes( '(' ) ) {
			keep = ')';
		}
		candidate =
			candidate.slice( 0, candidate.length - trailing.length ) + keep;
		const href = safeHttpUrl( candidate );
		push( text.slice( last, start ) );
		if ( href ) {
			out.push( { type: 'link', text: candidate, href } );
		} else {
			push( candidate );
		}
		last = start + candidate.length;
	}
	push( text.slice( last ) );
	return out;
}

/** The page's language as a BCP 47 tag WordPress printed on <html>, if any. */
export function pageLocale(): string | undefined {
	const lang =
		typeof document !== 'undefined' ? document.documentElement.lang : '';
	return lang || undefined;
}

/**
 * True when `item` continues a run by the same author, so its name need not repeat.
 * @param prev The row above, if any.
 * @param item The row being drawn.
 */
export function continuesRun(
	prev: ChatItem | undefined,
	item: ChatItem
): boolean {
	return (
		!! prev &&
		prev.authorType === item.authorType &&
		prev.authorName === item.authorName &&
		item.authorType !== 'system' &&
		prev.kind !== 'event' &&
		item.kind !== 'event'
	);
}
