/** Ids of flows, sequences, steps and buttons: slugs made from names, never taken twice. */
import { SLUG_PATTERN, type Flow } from '@handoff-chat/contracts';

/** Lower-case slug for ids (flow, sequence), from any name; never empty. */
export function slugify( name: string, fallback = 'flow' ): string {
	const slug = name
		.normalize( 'NFD' )
		.replace( /[\u0300-\u036f]/g, '' )
		.toLowerCase()
		.replace( /[^a-z0-9_-]+/g, '-' )
		.replace( /^[-_]+|[-_]+$/g, '' )
		.slice( 0, 40 )
		.replace( /[-_]+$/, '' );
	return slug || fallback;
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId( base: string, taken: Iterable< string > ): string {
	const used = new Set( taken );
	if ( ! used.has( base ) ) {
		return base;
	}
	for ( let n = 2; ; n++ ) {
		const id = `${ base }-${ n }`;
		if ( ! used.has( id ) ) {
			return id;
		}
	}
}

/** Whether `id` may become sequence `index`'s id: a valid slug no other sequence holds. */
export function canUseSequenceId(
	flow: Flow,
	index: number,
	id: string
): boolean {
	return (
		SLUG_PATTERN.test( id ) &&
		! flow.sequences.some( ( s, i ) => i !== index && s.id === id )
	);
}
