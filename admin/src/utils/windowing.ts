/**
 * Windowing math for long lists with a fixed row height: which rows to render for a
 * scroll position (plus `overscan` rows on each side, so fast scrolling shows no gaps),
 * and where to scroll to reveal a row.
 */
export interface WindowArgs {
	scrollTop: number;
	viewportHeight: number;
	rowHeight: number;
	count: number;
	overscan: number;
}

export interface WindowRange {
	/** First rendered row. */
	start: number;
	/** One past the last rendered row. */
	end: number;
	/** Offset of the first rendered row from the top of the list, in pixels. */
	offset: number;
	/** Height of the whole list, in pixels. */
	total: number;
}

export function windowRange( {
	scrollTop,
	viewportHeight,
	rowHeight,
	count,
	overscan,
}: WindowArgs ): WindowRange {
	const total = Math.max( 0, count ) * rowHeight;
	if ( count <= 0 || rowHeight <= 0 ) {
		return { start: 0, end: 0, offset: 0, total };
	}
	const top = Math.min( Math.max( 0, scrollTop ), Math.max( 0, total ) );
	const first = Math.floor( top / rowHeight );
	const visible = Math.ceil( Math.max( 0, viewportHeight ) / rowHeight ) + 1;
	const start = Math.max( 0, first - overscan );
	const end = Math.min( count, first + visible + overscan );
	return { start, end, offset: start * rowHeight, total };
}

/**
 * The scrollTop that shows row `index` entirely while moving as little as possible
 * (unchanged when it is already in view).
 */
export function scrollToReveal(
	index: number,
	rowHeight: number,
	scrollTop: number,
	viewportHeight: number
): number {
	const top = index * rowHeight;
	const bottom = top + rowHeight;
	if ( top < scrollTop ) {
		return top;
	}
	if ( bottom > scrollTop + viewportHeight ) {
		return Math.max( 0, bottom - viewportHeight );
	}
	return scrollTop;
}

/** True when the rendered window reaches within `threshold` rows of the end: time to load more. */
export function nearEnd(
	range: Pick< WindowRange, 'end' >,
	count: number,
	threshold: number
): boolean {
	return count > 0 && range.end >= count - threshold;
}
