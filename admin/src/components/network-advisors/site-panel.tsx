/**
 * One site of the network on the network's Advisors screen: the Advisors screen against
 * that site's own API, or why it cannot be (plugin inactive, not configured, another
 * domain) with a link to where it can be done.
 */
import { ExternalLink, Notice } from '@wordpress/components';
import { useMemo } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { isEmbeddable, type HandoffApi } from '../../api';
import { ServicesContext, useServices } from '../../data/services';
import type { HandoffChatNetworkSite } from '../../global';
import AdvisorsScreen from '../advisors-screen';

interface Props {
	site: HandoffChatNetworkSite;
	api: HandoffApi;
	/** The page's origin: only a same-origin site gets the login cookie. */
	origin: string;
}

function Unavailable( {
	text,
	label,
	url,
}: {
	text: string;
	label: string;
	url: string;
} ) {
	return (
		<Notice
			status="warning"
			isDismissible={ false }
			actions={ url ? [ { label, url, variant: 'primary' } ] : [] }
		>
			{ text }
		</Notice>
	);
}

function Body( { site, api, origin }: Props ) {
	const parent = useServices();
	const services = useMemo(
		() => ( { ...parent, api, bridgeUrl: site.bridgeUrl } ),
		[ parent, api, site.bridgeUrl ]
	);
	const settings = __( 'Open this site’s settings', 'handoff-chat' );
	if ( ! site.active ) {
		return (
			<Unavailable
				text={ __(
					'Handoff Chat is not active on this site.',
					'handoff-chat'
				) }
				label={ settings }
				url={ site.settingsUrl }
			/>
		);
	}
	if ( ! site.configured ) {
		return (
			<Unavailable
				text={ __(
					'This site is not connected to its bridge server yet: enter its bridge URL, site ID and site secret in its settings.',
					'handoff-chat'
				) }
				label={ settings }
				url={ site.settingsUrl }
			/>
		);
	}
	if ( ! isEmbeddable( site, origin ) ) {
		return (
			<Unavailable
				text={ __(
					'This site is on another domain, where your login does not reach from here: manage its advisors on its own Advisors page.',
					'handoff-chat'
				) }
				label={ __( 'Open this site’s Advisors page', 'handoff-chat' ) }
				url={ site.advisorsUrl }
			/>
		);
	}
	return (
		<ServicesContext.Provider value={ services }>
			<AdvisorsScreen siteAdvisorsUrl={ site.advisorsUrl } />
		</ServicesContext.Provider>
	);
}

export default function SitePanel( props: Props ) {
	const { site } = props;
	return (
		<section
			className="handoff-chat-network-advisors__site"
			aria-label={ site.name || site.url }
		>
			<p className="handoff-chat-network-advisors__site-url">
				<strong>{ site.name || site.url }</strong>{ ' ' }
				{ site.url && (
					<ExternalLink href={ site.url }>{ site.url }</ExternalLink>
				) }
			</p>
			<Body { ...props } />
		</section>
	);
}
