/**
 * The letters an avatar shows when there is no picture, or it does not load: one rule for
 * both clients (the admin's advisor and visitor avatars, the advisor beside their name in
 * the widget).
 */

/**
 * "Camille Martin" → "CM", "léa" → "L", "Jean-Luc" → "JL"; "?" when the name has no
 * letter or digit.
 * @param name A display name.
 */
export function initialsOf( name: string ): string {
	const words = name
		.replace( /[^\p{L}\p{N}\s]/gu, ' ' )
		.split( /\s+/ )
		.filter( Boolean );
	return (
		words
			.slice( 0, 2 )
			.map( ( w ) => Array.from( w )[ 0 ] )
			.join( '' )
			.toUpperCase() || '?'
	);
}
