/**
 * Network Admin → Advisors: one tab per site of the network, each the Advisors screen
 * against that site (its own bridge site, quota, licences and restrictions). A network of
 * one site shows it without a tab bar.
 */
import { Notice, TabPanel } from '@wordpress/components';
import { useCallback, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { createSiteApi, type HandoffApi } from '../../api';
import type { HandoffChatNetworkSite } from '../../global';
import SitePanel from './site-panel';
import './index.scss';

interface Props {
	sites: HandoffChatNetworkSite[];
	pagesPerPage?: number;
	/** A site's API; injected in tests. */
	apiFor?: ( site: HandoffChatNetworkSite ) => HandoffApi;
	/** The page's origin (window.location.origin); injected in tests. */
	origin?: string;
}

/** "Shop · net.test/shop": names repeat across a network ("My Site"), addresses do not. */
function tabTitle( site: HandoffChatNetworkSite ): string {
	const where = site.url.replace( /^https?:\/\//, '' ).replace( /\/+$/, '' );
	return site.name && where
		? `${ site.name } · ${ where }`
		: site.name || where;
}

export default function NetworkAdvisorsScreen( {
	sites,
	pagesPerPage,
	apiFor,
	origin = window.location.origin,
}: Props ) {
	// One API per site for the page's life: coming back to a tab reuses its token.
	const apis = useRef( new Map< string, HandoffApi >() );
	const apiOf = useCallback(
		( site: HandoffChatNetworkSite ) => {
			let api = apis.current.get( site.id );
			if ( ! api ) {
				api = apiFor
					? apiFor( site )
					: createSiteApi( site, { pagesPerPage } );
				apis.current.set( site.id, api );
			}
			return api;
		},
		[ apiFor, pagesPerPage ]
	);

	if ( sites.length === 0 ) {
		return (
			<Notice status="warning" isDismissible={ false }>
				{ __(
					'No site of the network can be listed here.',
					'handoff-chat'
				) }
			</Notice>
		);
	}
	const panel = ( site: HandoffChatNetworkSite ) => (
		<SitePanel
			key={ site.id }
			site={ site }
			api={ apiOf( site ) }
			origin={ origin }
		/>
	);
	if ( sites.length === 1 ) {
		return panel( sites[ 0 ] );
	}
	const byName = new Map( sites.map( ( s ) => [ `site-${ s.id }`, s ] ) );
	return (
		<TabPanel
			className="handoff-chat-network-advisors"
			tabs={ sites.map( ( s ) => ( {
				name: `site-${ s.id }`,
				title: tabTitle( s ),
			} ) ) }
		>
			{ ( tab ) => {
				const site = byName.get( tab.name );
				return site ? panel( site ) : null;
			} }
		</TabPanel>
	);
}
