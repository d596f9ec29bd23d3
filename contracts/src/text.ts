/**
 * Text limits count UTF-16 units (as zod's `.max()` and `String#length` do); cutting there
 * could split an emoji's surrogate pair and leave a lone surrogate, which the bridge refuses
 * from clients and which UTF-8 storage would turn into U+FFFD. Everyone truncates through this.
 * @param text The text.
 * @param max  The most UTF-16 units to keep.
 */
export function truncateText( text: string, max: number ): string {
	if ( text.length <= max ) {
		return text;
	}
	const code = text.charCodeAt( max - 1 );
	// The last unit kept would be a high surrogate whose low half is cut off: drop it too.
	return text.slice( 0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max );
}
