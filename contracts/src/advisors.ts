/**
 * Advisors, licences and page restrictions (DESIGN.md "Advisors, licences and sites"):
 * the records the bridge keeps per site, what WordPress syncs, what a manager may change.
 * Page matching is pure and zod-free (advisors-pages.ts) so every side shares it.
 */
import { z } from 'zod';
import type { PageRestriction } from './advisors-pages';

export * from './advisors-pages';

/** What the bridge knows of one advisor of one site. */
export interface AdvisorRecord {
	/** WordPress user id. */
	id: string;
	/** Shown to visitors and colleagues: `visibleName`, else WordPress's display name. */
	name: string;
	/** WordPress's display name (synced). */
	displayName: string;
	/** A manager's override of the name visitors see; null: the display name. */
	visibleName: string | null;
	/** From WordPress, read only; null for advisors seen only through a token. */
	email: string | null;
	/** Avatar URL (the media-library pick made in WordPress, else Gravatar); null: initials. */
	avatar: string | null;
	/** Holds `handoff_chat_answer` in WordPress (synced). False: revoked, kept for history. */
	canAnswer: boolean;
	/** "Live chat premium": counted against the site's quota. */
	licensed: boolean;
	/** Sees the Chatbot list (conversations where the bot has the hand). */
	showBotConversations: boolean;
	pages: PageRestriction;
	/** Simultaneous live conversations; null: unlimited. */
	capacity: number | null;
	/** Last call to the bridge (ISO), null: never. */
	lastActiveAt: string | null;
	/** Messages written to visitors. */
	messageCount: number;
	/** Switched "away" (`PUT /v1/advisors/me/status`): gets no transfers, not counted as available. */
	away: boolean;
}

export interface LicenceCount {
	granted: number;
	quota: number;
}

/** `GET /v1/advisors` and the answers of the advisor writes. */
export interface AdvisorsListResponse {
	advisors: AdvisorRecord[];
	licences: LicenceCount;
}

/** `GET /v1/advisors/me`: the caller's record and the inbox channel they subscribe to. */
export interface AdvisorSelfResponse {
	advisor: AdvisorRecord;
	licences: LicenceCount;
	/** `private-inbox-<site>`, or `private-advisor-<site>-<id>` when their reach is limited. */
	inboxChannel: string;
}

export interface AdvisorResponse {
	advisor: AdvisorRecord;
	licences: LicenceCount;
}

const userId = z
	.string()
	.regex( /^[1-9][0-9]{0,19}$/, 'advisor ids are WordPress user ids' );
const url = z.string().url().max( 2048 );

/** One WordPress user who can answer, as WordPress syncs it. */
export const syncedAdvisor = z
	.object( {
		id: userId,
		displayName: z.string().trim().min( 1 ).max( 200 ),
		email: z.string().email().max( 254 ).nullable(),
		avatar: url.nullable(),
	} )
	.strict();

/** `PUT /v1/advisors` (signed by WordPress): every user who can answer now; the others lose it. */
export const syncAdvisorsBody = z
	.object( { advisors: z.array( syncedAdvisor ).max( 1000 ) } )
	.strict();

/** `PUT /v1/advisors/:id` (signed by WordPress): one user gained or lost the ability to answer. */
export const syncAdvisorBody = syncedAdvisor
	.omit( { id: true } )
	.extend( { canAnswer: z.boolean() } )
	.strict();

const pathPrefix = z
	.string()
	.trim()
	.max( 500 )
	.regex( /^\//, 'URL prefixes are paths starting with /, e.g. /shop/' );

export const pageRestrictionSchema = z.discriminatedUnion( 'mode', [
	z.object( { mode: z.literal( 'all' ) } ).strict(),
	z
		.object( {
			mode: z.literal( 'some' ),
			pages: z
				.array(
					z
						.object( {
							id: z.number().int().positive(),
							url,
							title: z.string().max( 300 ),
						} )
						.strict()
				)
				.max( 200 ),
			prefixes: z.array( pathPrefix ).max( 50 ),
		} )
		.strict()
		.refine( ( r ) => r.pages.length + r.prefixes.length > 0, {
			message:
				'choose at least one page or URL prefix, or allow all pages',
		} ),
] );

/** `PATCH /v1/advisors/:id` (managers): what the Advisors screen changes. */
export const patchAdvisorBody = z
	.object( {
		licensed: z.boolean().optional(),
		visibleName: z.string().trim().max( 100 ).nullable().optional(),
		showBotConversations: z.boolean().optional(),
		pages: pageRestrictionSchema.optional(),
		capacity: z.number().int().min( 1 ).max( 1000 ).nullable().optional(),
	} )
	.strict()
	.refine( ( b ) => Object.keys( b ).length > 0, {
		message: 'change at least one field',
	} );

export type SyncAdvisorsBody = z.infer< typeof syncAdvisorsBody >;
export type SyncAdvisorBody = z.infer< typeof syncAdvisorBody >;
export type PatchAdvisorBody = z.infer< typeof patchAdvisorBody >;
