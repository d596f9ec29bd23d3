/**
 * The two element builders of the panel's views. Text goes in as textContent, never as
 * HTML, so hostile text shows as text.
 */

/**
 * An element with a class and, optionally, its text.
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
	node.className = className;
	if ( text !== undefined ) {
		node.textContent = text;
	}
	return node;
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
