/**
 * The public configuration render.php prints in `data-handoff-chat`, read and
 * checked once so the rest of the widget can trust it.
 */
import { SITE_ID_PATTERN } from '@handoff-chat/contracts/channels';
import type { ConversationMode } from '@handoff-chat/contracts';

export type WidgetPosition = 'right' | 'left';

export interface WidgetConfig {
	/** Bridge base URL, no trailing slash. */
	bridgeUrl: string;
	siteId: string;
	/** `bot`: the bot greets as soon as the panel opens; `live`: 100 % live chat. */
	mode: ConversationMode;
	/** Bot flow to run; '' = the bridge's default flow. */
	flowId: string;
	/** Sequence to start from; '' = the flow's own start. */
	startSequence: string;
	/** Panel title; empty means the translated default. */
	title: string;
	position: WidgetPosition;
	/** WordPress's `time_format` option (PHP date tokens); '' = the locale's own. */
	timeFormat: string;
	/** The site's locale (`fr_FR`), for dates and am/pm; '' = the page's language. */
	locale: string;
	/** The launcher's names, translated by render.php: the launcher loads no gettext. */
	labels: { open: string; close: string };
	/** The panel's translations (a JSON file on the site), fetched with its chunk; '' = English. */
	i18nUrl: string;
	/** Null: no consent step. */
	consent: ConsentConfig | null;
	/** Where WordPress signs a logged-in visitor's identity (admin-ajax, same origin); '' = never asked. */
	identityUrl: string;
}

/** The consent step shown before anything reaches the bridge (Settings → Privacy), translated by render.php. */
export interface ConsentConfig {
	text: string;
	/** The site's privacy policy page; '' when it has none. */
	policyUrl: string;
	policyLabel: string;
	agree: string;
	decline: string;
}

export const MOUNT_SELECTOR = '[data-handoff-chat]';

/** Flow and sequence ids (SLUG_PATTERN in contracts/src/flow.ts, which also builds zod schemas). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;

/** A WordPress locale (`fr_FR`, `de_DE_formal`) or a BCP 47 tag. */
const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}$/;

const label = ( labels: unknown, key: string, english: string ): string => {
	const value = ( labels as Record< string, unknown > | null )?.[ key ];
	return typeof value === 'string' && value.trim() ? value : english;
};

const HTTP_URL = /^(https?:)?\/\/\S+$/i;

/** An http(s) or protocol-relative URL, else ''. */
const url = ( value: unknown ): string =>
	typeof value === 'string' && HTTP_URL.test( value ) ? value : '';

/**
 * The consent step, or null when the site asks none. A step without its text (tampered
 * with) still asks, in English, rather than silently skipping the visitor's consent.
 * @param raw The `consent` field of the configuration.
 */
function readConsent( raw: unknown ): ConsentConfig | null {
	if ( ! raw || typeof raw !== 'object' ) {
		return null;
	}
	return {
		text: label(
			raw,
			'text',
			'This chat stores your messages to answer you. Do you agree?'
		),
		policyUrl: url( ( raw as Record< string, unknown > ).policyUrl ),
		policyLabel: label( raw, 'policyLabel', 'Privacy policy' ),
		agree: label( raw, 'agree', 'I agree' ),
		decline: label( raw, 'decline', 'Not now' ),
	};
}

const slug = ( value: unknown ): string =>
	typeof value === 'string' && SLUG_PATTERN.test( value ) ? value : '';

/**
 * Null when the markup is absent or was tampered with: the widget then stays silent.
 * @param el Element carrying `data-handoff-chat`.
 */
export function readConfig( el: Element ): WidgetConfig | null {
	let raw: unknown;
	try {
		raw = JSON.parse( el.getAttribute( 'data-handoff-chat' ) || '' );
	} catch {
		return null;
	}
	if ( ! raw || typeof raw !== 'object' ) {
		return null;
	}
	const c = raw as Record< string, unknown >;
	const bridgeUrl =
		typeof c.bridgeUrl === 'string'
			? c.bridgeUrl.replace( /\/+$/, '' )
			: '';
	const siteId = typeof c.siteId === 'string' ? c.siteId : '';
	if (
		! /^https?:\/\/[^\s]+$/i.test( bridgeUrl ) ||
		! SITE_ID_PATTERN.test( siteId )
	) {
		return null;
	}
	return {
		bridgeUrl,
		siteId,
		// The block's default is `bot`; only an explicit `live` turns the chatbot off.
		mode: c.mode === 'live' ? 'live' : 'bot',
		flowId: slug( c.flowId ),
		startSequence: slug( c.startSequence ),
		title: typeof c.title === 'string' ? c.title.trim() : '',
		position: c.position === 'left' ? 'left' : 'right',
		timeFormat:
			typeof c.timeFormat === 'string' && c.timeFormat.length <= 100
				? c.timeFormat
				: '',
		locale:
			typeof c.locale === 'string' && LOCALE_PATTERN.test( c.locale )
				? c.locale
				: '',
		// The English source strings when a page cached before these fields omits them.
		labels: {
			open: label( c.labels, 'open', 'Open chat' ),
			close: label( c.labels, 'close', 'Close chat' ),
		},
		i18nUrl: url( c.i18nUrl ),
		consent: readConsent( c.consent ),
		identityUrl: url( c.identityUrl ),
	};
}
