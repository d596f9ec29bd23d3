/**
 * Set-up shared by the chat controller and chat panel tests: a widget config, a
 * controller or an opened panel wired to the fake bridge, and small readers of its calls.
 */
import { fireEvent, screen, within } from '@testing-library/dom';
import { createBridgeApi } from '../chat/api';
import { ChatController } from '../chat/chat-controller';
import { createChatPanel, type ChatPanel } from '../panel/chat-panel';
import type { WidgetConfig } from '../config';
import { mountLauncher } from '../launcher';
import { fakeBridge } from './fake-bridge';
import { fakeRealtime, flush } from './fake-realtime';

export type FakeBridge = ReturnType< typeof fakeBridge >;

/**
 * A live-chat widget on site_1, with any field changed.
 * @param over Fields to change.
 */
export const widgetConfig = (
	over: Partial< WidgetConfig > = {}
): WidgetConfig => ( {
	bridgeUrl: 'https://bridge.test',
	siteId: 'site_1',
	mode: 'live',
	flowId: '',
	startSequence: '',
	title: '',
	position: 'right',
	timeFormat: '',
	locale: '',
	labels: { open: 'Open chat', close: 'Close chat' },
	i18nUrl: '',
	consent: null,
	identityUrl: '',
	...over,
} );

/**
 * The API client on the fake bridge; reads `bridge.fetch` at each call, so a test may
 * swap it (to drop an answer, say) after the client was made.
 * @param config The widget's config.
 * @param bridge The fake bridge.
 */
const bridgeApi = ( config: WidgetConfig, bridge: FakeBridge ) =>
	createBridgeApi( config.bridgeUrl, config.siteId, ( u, i ) =>
		bridge.fetch( u, i )
	);

/**
 * A controller on a fake bridge (a new one unless given: pass one to play a later page
 * load), with client ids `client-id-1`, `client-id-2`… unless `clientId` is given.
 * @param options          What differs from a first live visit.
 * @param options.config   Widget config fields to change.
 * @param options.bridge   The bridge to reuse.
 * @param options.clientId The id generator.
 */
export function setupController(
	options: {
		config?: Partial< WidgetConfig >;
		bridge?: FakeBridge;
		clientId?: () => string;
	} = {}
) {
	const config = widgetConfig( options.config );
	const bridge = options.bridge ?? fakeBridge();
	const rt = fakeRealtime();
	let n = 0;
	const controller = new ChatController( {
		config,
		api: bridgeApi( config, bridge ),
		realtime: rt.factory,
		clientId: options.clientId ?? ( () => 'client-id-' + ++n ),
		pollMs: 0,
	} );
	return { bridge, rt, controller };
}

/**
 * A controller whose visitor has written `text`: session, conversation and message
 * stand on the bridge, and `id` is the conversation's.
 * @param text    The visitor's first message.
 * @param options As for `setupController`.
 */
export async function setupConversation(
	text = 'hello',
	options: Parameters< typeof setupController >[ 0 ] = {}
) {
	const ctx = setupController( options );
	ctx.controller.send( text );
	await flush();
	return { ...ctx, id: ctx.bridge.conversations[ 0 ].id };
}

/**
 * Mounts the launcher, opens the panel through it and finds the dialog and its field.
 * @param options        What differs from a first live visit.
 * @param options.config Widget config fields to change.
 * @param options.bridge The bridge to reuse (a later page load).
 */
export async function openPanel(
	options: { config?: Partial< WidgetConfig >; bridge?: FakeBridge } = {}
) {
	const config = widgetConfig( options.config );
	const bridge = options.bridge ?? fakeBridge();
	const rt = fakeRealtime();
	let panel: ChatPanel | null = null;
	const launcher = mountLauncher( config, async () => ( {
		createChatPanel: ( panelOptions ) => {
			panel = createChatPanel( {
				...panelOptions,
				api: bridgeApi( config, bridge ),
				realtime: rt.factory,
				pollMs: 0,
				fetch: ( u, i ) => bridge.fetch( u, i ),
			} );
			return panel;
		},
	} ) );
	fireEvent.click( launcher.button );
	await flush();
	const dialog = screen.getByRole( 'dialog', { name: 'Chat with us' } );
	const input = within( dialog ).getByRole< HTMLTextAreaElement >(
		'textbox',
		{ name: 'Type your message' }
	);
	const say = async ( text: string ) => {
		fireEvent.change( input, { target: { value: text } } );
		fireEvent.submit( input.form! );
		await flush();
	};
	return { bridge, rt, launcher, dialog, input, say, panel: panel! };
}

/**
 * The POST calls whose path ends with `suffix`.
 * @param bridge The fake bridge.
 * @param suffix The path's end, e.g. `/messages`.
 */
export const posts = ( bridge: FakeBridge, suffix: string ) =>
	bridge.calls.filter(
		( c ) => c.method === 'POST' && c.path.endsWith( suffix )
	);

/**
 * What the visitor sent: the calls other than the session and the availability check that
 * opening a live chat without a conversation makes (panel/offline.ts).
 * @param bridge The fake bridge.
 */
export const sent = ( bridge: FakeBridge ) =>
	bridge.calls.filter(
		( c ) =>
			! c.path.startsWith( '/v1/availability' ) &&
			! c.path.endsWith( '/visitors' )
	);

/**
 * The next request that `matches` reaches the bridge, but its answer is lost on the way
 * back (a connection reset): a retry must replay it, not duplicate it.
 * @param bridge  The fake bridge.
 * @param matches Which request, from its URL and init.
 */
export function loseNextAnswer(
	bridge: FakeBridge,
	matches: ( url: string, init: RequestInit ) => boolean
): void {
	const real = bridge.fetch;
	let lose = true;
	bridge.fetch = async ( url, init ) => {
		const res = await real( url, init );
		if ( lose && matches( url, init ) ) {
			lose = false;
			throw new TypeError( 'Connection reset' );
		}
		return res;
	};
}

/**
 * The texts of the conversation as the controller holds it.
 * @param controller The controller.
 */
export const texts = ( controller: ChatController ) =>
	controller.getState().items.map( ( i ) => i.text );

/**
 * An image file of `bytes` zero bytes.
 * @param name  The file's name.
 * @param bytes Its size.
 * @param type  Its MIME type.
 */
export const png = ( name = 'cat.png', bytes = 100, type = 'image/png' ) =>
	new File( [ new Uint8Array( bytes ) ], name, { type } );

/** For `beforeEach`: an empty page with no stored session. */
export function resetPage(): void {
	document.body.innerHTML = '';
	localStorage.clear();
	sessionStorage.clear();
}
