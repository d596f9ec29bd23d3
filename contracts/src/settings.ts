/**
 * Per-site inbox settings kept by the bridge: the visitors' pseudonym template and the
 * canned responses. `renderPseudonym` is shared so the settings dialog previews exactly
 * what the bridge will send.
 */
import { z } from 'zod';
import { LIMITS } from './api';
import { interpolate, slugSchema } from './flow';
import { truncateText } from './text';
import { DEFAULT_HOURS, openingHoursSchema } from './opening-hours';
import type { SiteSettings } from './types';

export const DEFAULT_SETTINGS: SiteSettings = {
	// The demo flow captures both.
	pseudonymTemplate: '{{PRENOM}} ({{SOCIETE}})',
	cannedResponses: [],
	ratingEnabled: true,
	retentionDays: 0,
	hours: DEFAULT_HOURS,
};

/** The longest retention a site may set (ten years). */
export const MAX_RETENTION_DAYS = 3650;

const TOKEN = /\{\{\s*([A-Z][A-Z0-9_]{0,31})\s*\}\}/g;

/** Why a pseudonym template is invalid, or null: only `{{VARIABLE}}` may use braces. */
export function templateIssue( template: string ): string | null {
	if ( template.length > LIMITS.pseudonymTemplate ) {
		return `pseudonymTemplate is limited to ${ LIMITS.pseudonymTemplate } characters`;
	}
	const stray = template.replace( TOKEN, '' );
	if ( /[{}]/.test( stray ) ) {
		return 'pseudonymTemplate: use {{VARIABLE}} with an UPPER_CASE name (letters, digits, _); no other braces';
	}
	return null;
}

/** The variable names a template uses. */
export const templateVariables = ( template: string ): string[] =>
	[ ...template.matchAll( TOKEN ) ].map( ( m ) => m[ 1 ] );

// `-` last so the character classes read it literally.
const SEP_CHARS = ',;:|/·•–—-';
const DUPLICATE_SEPARATORS = new RegExp(
	`(\\s*[${ SEP_CHARS }]\\s*){2,}`,
	'g'
);
const EDGE_SEPARATORS = new RegExp(
	`^[\\s${ SEP_CHARS }]+|[\\s${ SEP_CHARS }]+$`,
	'g'
);

/**
 * The template with the visitor's variables, tidied: empty `()`/`[]` and dangling
 * separators left by unset variables go. Null when none of its variables is set.
 */
export function renderPseudonym(
	template: string,
	variables: Readonly< Record< string, string > >
): string | null {
	if (
		! templateVariables( template ).some( ( name ) =>
			( variables[ name ] ?? '' ).trim()
		)
	) {
		return null;
	}
	const out = interpolate( template, variables as Record< string, string > )
		.replace( /\(\s*\)|\[\s*\]/g, '' )
		.replace( /\s+/g, ' ' )
		.replace( DUPLICATE_SEPARATORS, ( m ) => ` ${ m.trim()[ 0 ] } ` )
		.replace( EDGE_SEPARATORS, '' )
		.trim();
	return out ? truncateText( out, LIMITS.pseudonymTemplate ) : null;
}

export const cannedResponseSchema = z
	.object( {
		id: z
			.string()
			.regex(
				/^[A-Za-z0-9_-]{1,64}$/,
				'id: 1–64 letters, digits, - or _'
			),
		shortcut: slugSchema,
		text: z
			.string()
			.trim()
			.min( 1, 'text must not be empty' )
			.max(
				LIMITS.messageText,
				`text is limited to ${ LIMITS.messageText } characters`
			),
	} )
	.strict();

/** `PUT /v1/settings`: omitted fields keep their value. */
export const settingsBody = z
	.object( {
		pseudonymTemplate: z
			.string()
			.trim()
			.superRefine( ( t, ctx ) => {
				const issue = templateIssue( t );
				if ( issue ) {
					ctx.addIssue( { code: 'custom', message: issue } );
				}
			} )
			.optional(),
		cannedResponses: z
			.array( cannedResponseSchema )
			.max(
				LIMITS.cannedResponses,
				`at most ${ LIMITS.cannedResponses } canned responses`
			)
			.superRefine( ( list, ctx ) => {
				for ( const key of [ 'id', 'shortcut' ] as const ) {
					const seen = new Set< string >();
					list.forEach( ( r, i ) => {
						if ( seen.has( r[ key ] ) ) {
							ctx.addIssue( {
								code: 'custom',
								path: [ i, key ],
								message: `duplicate ${ key } "${ r[ key ] }"`,
							} );
						}
						seen.add( r[ key ] );
					} );
				}
			} )
			.optional(),
		ratingEnabled: z
			.boolean( 'ratingEnabled must be true or false' )
			.optional(),
		retentionDays: z
			.number()
			.int( 'retentionDays: a whole number of days' )
			.min( 0, 'retentionDays: 0 (keep) or more' )
			.max(
				MAX_RETENTION_DAYS,
				`retentionDays: at most ${ MAX_RETENTION_DAYS } days`
			)
			.optional(),
		/** Replaces the whole opening hours. */
		hours: openingHoursSchema.optional(),
	} )
	.strict();

export type SettingsBody = z.infer< typeof settingsBody >;
