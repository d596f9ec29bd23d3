/**
 * The element builders of the panel's views. Text goes in as textContent (or a text
 * node), never as HTML, so hostile text shows as text.
 */
import { __ } from './i18n';
import { EXCLUDE_EMOJI } from './emoji';

export { EXCLUDE_EMOJI };

/**
 * An element with a class (and the emoji script's exclusion) and, optionally, its text.
 * @param tag       The tag name.
 * @param className Its class attribute.
 * @param text      Its text content.
 */
export function el< K extends keyof HTMLElementTagNameMap >(
	tag: K,
	className: string,
	text?: string
): HTMLElementTagNameMap[ K ] {
	const node = document.createElement( tag );
	node.className = className
		? `${ className } ${ EXCLUDE_EMOJI }`
		: EXCLUDE_EMOJI;
	if ( text !== undefined ) {
		// A text node even when empty, for setText() to change in place later.
		node.append( document.createTextNode( text ) );
	}
	return node;
}

/**
 * Changes an element's text in place. The emoji script parses the *parent* of a text node
 * it sees added — the element itself, whose own class it never checks — so replacing the
 * text (`textContent = …`) would hand it "{name} is typing…" to turn into images; changing
 * the data of the text node already there is a mutation it does not watch.
 * Elements meant for it are built with a text (`el( tag, class, '' )`), so the node exists.
 * @param node The element (holding at most one text node).
 * @param text Its new text.
 */
export function setText( node: HTMLElement, text: string ): void {
	const first = node.firstChild;
	if ( first && first === node.lastChild && first.nodeType === 3 ) {
		if ( ( first as Text ).data !== text ) {
			( first as Text ).data = text;
		}
	} else {
		node.textContent = text;
	}
}

/**
 * A `type="button"` button, so that it never submits the composer's form.
 * @param className Its class attribute.
 * @param text      Its text content.
 * @param onClick   What a click does.
 */
export function button(
	className: string,
	text?: string,
	onClick?: () => void
): HTMLButtonElement {
	const node = el( 'button', className, text );
	node.type = 'button';
	if ( onClick ) {
		node.addEventListener( 'click', onClick );
	}
	return node;
}

/**
 * A link that opens in a new tab (without access to this page), and says so to screen readers.
 * @param className Its class attribute.
 * @param href      A URL already checked as safe.
 * @param content   What it shows: text or nodes.
 */
export function newTabLink(
	className: string,
	href: string,
	...content: Array< Node | string >
): HTMLAnchorElement {
	const a = el( 'a', className );
	a.href = href;
	a.target = '_blank';
	a.rel = 'noopener noreferrer';
	a.append(
		...content,
		el(
			'span',
			'handoff-chat-sr-only',
			__( '(opens in a new tab)', 'handoff-chat' )
		)
	);
	return a;
}
