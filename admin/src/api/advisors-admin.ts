/**
 * The Advisors screen's calls (docs/api.md "Advisors, licences and page restrictions"):
 * the bridge's records and licences with the advisor token, and WordPress's half (the
 * full sync, invitations, removal, avatars, the site's pages) through api-fetch. Loaded
 * with the screen's chunk (see advisors.ts): the inbox never downloads it.
 */
import type {
	AdvisorResponse,
	AdvisorsListResponse,
	PatchAdvisorBody,
	RestrictedPage,
} from '@handoff-chat/contracts';
import { truncateText } from '@handoff-chat/contracts/text';
import type { HandoffChatAdvisorInvitation } from '../global';
import {
	ADVISORS_PATH,
	PAGES_PER_PAGE,
	type AdvisorsApiOptions,
} from './advisors-options';
import type { Transport } from './transport';

export interface AdvisorsAdminApi {
	/** Everyone who can answer and the site's licence count (emails for managers only). */
	getAdvisors: () => Promise< AdvisorsListResponse >;
	/** Managers: licence, visible name, Chatbot list, pages, capacity; 409 `quota_full`. */
	patchAdvisor: (
		id: string,
		body: PatchAdvisorBody
	) => Promise< AdvisorResponse >;
	/** WordPress syncs every user who can answer to the bridge and returns its list. */
	syncAdvisors: () => Promise< AdvisorsListResponse >;
	/** An existing user may now answer, or a new "Advisor" account is emailed; 409 already one. */
	inviteAdvisor: ( invite: {
		email: string;
		name?: string;
	} ) => Promise< HandoffChatAdvisorInvitation >;
	/** Takes away the ability to answer (the account stays). */
	removeAdvisor: ( id: string ) => Promise< void >;
	/** A media-library image as the avatar, or null for Gravatar; answers the avatar URL. */
	setAdvisorAvatar: (
		id: string,
		attachmentId: number | null
	) => Promise< string | null >;
	/** Published pages of the site, for page restrictions; `search` narrows them. */
	searchPages: ( search?: string ) => Promise< RestrictedPage[] >;
}

interface WpPage {
	id?: unknown;
	link?: unknown;
	title?: { rendered?: unknown } | null;
}

/** A rendered title as text ("Caf&eacute; &amp; Co" → "Café & Co"), in an inert document. */
function titleText( html: string ): string {
	if ( typeof DOMParser === 'undefined' ) {
		return html;
	}
	const doc = new DOMParser().parseFromString( html, 'text/html' );
	return ( doc.body.textContent ?? '' ).trim();
}

function toPage( p: WpPage ): RestrictedPage | null {
	if (
		typeof p?.id !== 'number' ||
		typeof p.link !== 'string' ||
		! /^https?:\/\//.test( p.link )
	) {
		return null;
	}
	const rendered =
		typeof p.title?.rendered === 'string' ? p.title.rendered : '';
	return {
		id: p.id,
		url: p.link,
		// The bridge keeps at most 300 characters of a title.
		title: truncateText( titleText( rendered ), 300 ),
	};
}

export function advisorsAdminApi(
	{ bridge, wordpress }: Transport,
	{
		advisorsPath = ADVISORS_PATH,
		pagesPerPage = PAGES_PER_PAGE,
	}: AdvisorsApiOptions = {}
): AdvisorsAdminApi {
	const userPath = ( id: string ) =>
		`${ advisorsPath }/${ encodeURIComponent( id ) }`;
	return {
		getAdvisors() {
			return bridge< AdvisorsListResponse >( '/v1/advisors' );
		},

		patchAdvisor( id, body ) {
			return bridge< AdvisorResponse >(
				`/v1/advisors/${ encodeURIComponent( id ) }`,
				{ method: 'PATCH', body }
			);
		},

		syncAdvisors() {
			return wordpress< AdvisorsListResponse >( {
				path: `${ advisorsPath }/sync`,
				method: 'POST',
			} );
		},

		inviteAdvisor( { email, name } ) {
			return wordpress< HandoffChatAdvisorInvitation >( {
				path: advisorsPath,
				method: 'POST',
				data: name ? { email, name } : { email },
			} );
		},

		async removeAdvisor( id ) {
			await wordpress( { path: userPath( id ), method: 'DELETE' } );
		},

		async setAdvisorAvatar( id, attachmentId ) {
			const body = await wordpress< { avatar?: unknown } >( {
				path: `${ userPath( id ) }/avatar`,
				method: 'PUT',
				data: { attachmentId },
			} );
			return typeof body?.avatar === 'string' && body.avatar
				? body.avatar
				: null;
		},

		async searchPages( search = '' ) {
			const q = search.trim();
			const pages = await wordpress< WpPage[] >( {
				path:
					`/wp/v2/pages?per_page=${ pagesPerPage }&_fields=id,link,title&status=publish` +
					( q ? `&search=${ encodeURIComponent( q ) }` : '' ),
				method: 'GET',
			} );
			return ( Array.isArray( pages ) ? pages : [] )
				.map( toPage )
				.filter( ( p ): p is RestrictedPage => p !== null );
		},
	};
}
