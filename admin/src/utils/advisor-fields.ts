/**
 * The Advisors screen's fields as the bridge takes them (patchAdvisorBody): what a
 * manager typed, checked the same way before it is sent, and the bridge's refusals put
 * back at the field they concern.
 */
import { __ } from '@wordpress/i18n';
import type { PageRestriction } from '@handoff-chat/contracts';
import { errorMessage, fieldIssuesOf } from '../api';

export const CAPACITY_MAX = 1000;

/** A capacity as typed: null for unlimited (empty), or the problem to show. */
export function parseCapacity(
	text: string
): { capacity: number | null } | { error: string } {
	const t = text.trim();
	if ( t === '' ) {
		return { capacity: null };
	}
	const n = Number( t );
	if ( ! /^\d+$/.test( t ) || n < 1 || n > CAPACITY_MAX ) {
		return {
			error: __(
				'Enter a whole number from 1 to 1000, or leave it empty for no limit.',
				'handoff-chat'
			),
		};
	}
	return { capacity: n };
}

/** A URL prefix as typed: a path from the site's root, or the problem to show. */
export function checkPrefix( text: string ): string | null {
	const t = text.trim();
	if ( ! t.startsWith( '/' ) ) {
		return __(
			'A URL prefix is a path from the root of the site, starting with / (for example /shop/).',
			'handoff-chat'
		);
	}
	if ( t.length > 500 ) {
		return __( 'A URL prefix has 500 characters at most.', 'handoff-chat' );
	}
	return null;
}

/** A restriction that cannot be saved as it is: "Chosen pages" with nothing chosen. */
export function restrictionProblem( r: PageRestriction ): string | null {
	if ( r.mode === 'some' && r.pages.length + r.prefixes.length === 0 ) {
		return __(
			'Choose at least one page or URL prefix, or allow all pages.',
			'handoff-chat'
		);
	}
	return null;
}

export interface RestrictionIssues {
	/** About the restriction as a whole (or a refusal without field details). */
	general: string | null;
	/** By index in `pages`. */
	pages: Record< number, string >;
	/** By index in `prefixes`. */
	prefixes: Record< number, string >;
}

/** Where a refused `{ pages }` PATCH went wrong, from the 400's details (`pages.prefixes.0`). */
export function restrictionIssues( e: unknown ): RestrictionIssues {
	const out: RestrictionIssues = { general: null, pages: {}, prefixes: {} };
	const issues = fieldIssuesOf( e );
	for ( const issue of issues ) {
		const m = /^pages\.(pages|prefixes)\.(\d+)/.exec( issue.path );
		if ( m ) {
			out[ m[ 1 ] as 'pages' | 'prefixes' ][ Number( m[ 2 ] ) ] ??=
				issue.message;
		} else {
			out.general ??= issue.message;
		}
	}
	if ( issues.length === 0 ) {
		out.general = errorMessage( e );
	}
	return out;
}

/** The message of a refused single-field PATCH: the field's own issue, else the error's. */
export function fieldMessage( e: unknown, field: string ): string {
	const issue = fieldIssuesOf( e ).find(
		( i ) => i.path === field || i.path.startsWith( field + '.' )
	);
	return issue?.message ?? errorMessage( e );
}
