/** Inline SVG icons built with DOM calls (24×24, currentColor, hidden from assistive tech). */
const NS = 'http://www.w3.org/2000/svg';

export const ICONS = {
	chat: 'M12 3C6.5 3 2 6.9 2 11.7c0 2.5 1.2 4.7 3.2 6.3-.2 1.3-.8 2.6-1.8 3.6 2 0 3.9-.7 5.3-1.8 1 .3 2.2.4 3.3.4 5.5 0 10-3.9 10-8.5S17.5 3 12 3Zm-4.5 10a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6Zm4.5 0a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6Zm4.5 0a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6Z',
	close: 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6 6.4 5Z',
	chevronDown: 'M6.4 8.6 5 10l7 7 7-7-1.4-1.4-5.6 5.6-5.6-5.6Z',
	send: 'M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2v6.4Z',
	// A paperclip, drawn as a stroke (see STROKED).
	attach: 'M20 11.5 12.4 19.1a5 5 0 0 1-7.1-7.1l8.1-8.1a3.3 3.3 0 0 1 4.7 4.7l-8.1 8.1a1.7 1.7 0 0 1-2.4-2.4l7.4-7.4',
} as const;

const STROKED: ReadonlySet< string > = new Set( [ 'attach' ] );

export function icon(
	name: keyof typeof ICONS,
	className = 'handoff-chat-icon'
): SVGSVGElement {
	const svg = document.createElementNS( NS, 'svg' );
	svg.setAttribute( 'viewBox', '0 0 24 24' );
	svg.setAttribute( 'aria-hidden', 'true' );
	svg.setAttribute( 'focusable', 'false' );
	svg.setAttribute( 'class', className );
	const path = document.createElementNS( NS, 'path' );
	path.setAttribute( 'd', ICONS[ name ] );
	if ( STROKED.has( name ) ) {
		path.setAttribute( 'fill', 'none' );
		path.setAttribute( 'stroke', 'currentColor' );
		path.setAttribute( 'stroke-width', '2' );
		path.setAttribute( 'stroke-linecap', 'round' );
		path.setAttribute( 'stroke-linejoin', 'round' );
	} else {
		path.setAttribute( 'fill', 'currentColor' );
	}
	svg.appendChild( path );
	return svg;
}
