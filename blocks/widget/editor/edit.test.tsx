import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	render,
	screen,
	waitFor,
} from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import metadata from '../block.json';
import Edit, { type WidgetAttributes } from './edit';
import type { EditorFlow } from './editor-api';

// jsdom has no ResizeObserver; the real @wordpress/components controls observe their size.
beforeAll( () => {
	window.ResizeObserver ??= class {
		observe() {}
		unobserve() {}
		disconnect() {}
	};
} );

// The editor's data stores are not needed to check what the block shows and sets.
jest.mock( '@wordpress/block-editor', () => ( {
	useBlockProps: ( props: Record< string, unknown > = {} ) => props,
	InspectorControls: ( { children }: { children: React.ReactNode } ) => (
		<div>{ children }</div>
	),
} ) );

jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const fetchMock = apiFetch as unknown as jest.Mock;

const FLOWS: EditorFlow[] = [
	{
		id: 'demo',
		name: 'Demo',
		mode: 'bot',
		startSequence: 'welcome',
		sequences: [
			{ id: 'welcome', name: 'Welcome' },
			{ id: 'faq', name: 'FAQ' },
		],
	},
	{
		id: 'pricing',
		name: 'Pricing page',
		mode: 'bot',
		startSequence: 'plans',
		sequences: [
			{ id: 'plans', name: 'Plans' },
			{ id: 'quote', name: 'Ask for a quote' },
		],
	},
	{
		id: 'support',
		name: 'Support',
		mode: 'live',
		startSequence: 'hello',
		sequences: [ { id: 'hello', name: 'Hello' } ],
	},
];

const defaults = Object.fromEntries(
	Object.entries( metadata.attributes ).map( ( [ name, a ] ) => [
		name,
		a.default,
	] )
) as WidgetAttributes;

function renderEdit( attributes: Partial< WidgetAttributes > = {} ) {
	const setAttributes = jest.fn();
	const props = ( attrs: Partial< WidgetAttributes > ) =>
		( {
			attributes: { ...defaults, ...attrs },
			setAttributes,
			clientId: 'x',
			isSelected: true,
			className: '',
			name: metadata.name,
		} ) as unknown as Parameters< typeof Edit >[ 0 ];
	const view = render( <Edit { ...props( attributes ) } /> );
	return {
		setAttributes,
		rerender: ( attrs: Partial< WidgetAttributes > ) =>
			view.rerender( <Edit { ...props( attrs ) } /> ),
	};
}

const optionLabels = ( label: string ) =>
	Array.from(
		( screen.getByLabelText( label ) as HTMLSelectElement ).options
	).map( ( o ) => o.textContent );

beforeEach( () => {
	fetchMock.mockReset();
	fetchMock.mockResolvedValue( FLOWS );
	window.handoffChatEditor = {
		flowsUrl:
			'http://example.test/wp-admin/admin.php?page=handoff-chat-flows',
		canManage: true,
		defaultFlowId: 'demo',
	};
} );

describe( 'widget block editor', () => {
	it( 'declares the attributes the front end relies on', () => {
		expect( metadata.name ).toBe( 'handoff-chat/widget' );
		expect( defaults ).toEqual( {
			mode: 'bot',
			flowId: '',
			startSequence: '',
			title: '',
			position: 'right',
		} );
		expect( metadata.attributes.mode.enum ).toEqual( [ 'bot', 'live' ] );
		expect( metadata.supports ).toEqual( {
			html: false,
			multiple: false,
			reusable: false,
		} );
	} );

	it( 'shows a visible placeholder saying where the launcher will appear and what it runs', async () => {
		renderEdit( { position: 'left' } );
		expect( screen.getByText( 'Handoff Chat' ) ).toBeVisible();
		// The Placeholder also speaks its instructions through a live region: look at its own copy.
		expect(
			screen.getByText( /bottom left corner of this page/, {
				selector: '.components-placeholder__instructions',
			} )
		).toBeVisible();
		expect(
			screen.getByText( 'Chatbot, then a human, with the default flow.' )
		).toBeVisible();
		await screen.findByLabelText( 'Bot flow' );
	} );

	it( 'says a new site’s widget offers live chat until a default flow exists', async () => {
		fetchMock.mockResolvedValue( [] );
		renderEdit( {} );
		expect(
			await screen.findByText(
				/^Live chat for now: the site has no default bot flow yet/
			)
		).toBeVisible();
	} );

	it( 'names the chosen flow and start in the placeholder', async () => {
		renderEdit( { flowId: 'pricing', startSequence: 'quote' } );
		expect(
			await screen.findByText(
				'Chatbot, then a human, with the flow “Pricing page” from its sequence “Ask for a quote”.'
			)
		).toBeVisible();
	} );

	it( 'says live chat only, and asks for no flows, in live mode', () => {
		renderEdit( { mode: 'live', flowId: 'pricing' } );
		expect(
			screen.getByText(
				'Live chat only: conversations go straight to your advisors.'
			)
		).toBeVisible();
		expect( screen.queryByLabelText( 'Bot flow' ) ).toBeNull();
		expect( fetchMock ).not.toHaveBeenCalled();
	} );

	it( 'sets mode, title and position from the sidebar', async () => {
		const { setAttributes } = renderEdit();
		await screen.findByLabelText( 'Bot flow' );
		expect( optionLabels( 'Mode' ) ).toEqual( [
			'Chatbot, then a human',
			'Live chat only',
		] );
		fireEvent.change( screen.getByLabelText( 'Mode' ), {
			target: { value: 'live' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( { mode: 'live' } );
		fireEvent.change( screen.getByLabelText( 'Panel title' ), {
			target: { value: 'Ask Camille' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( {
			title: 'Ask Camille',
		} );
		fireEvent.change( screen.getByLabelText( 'Position' ), {
			target: { value: 'left' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( { position: 'left' } );
	} );

	it( 'lists the flows from WordPress, with a default option, and links to the flow editor', async () => {
		renderEdit();
		expect( screen.getByText( 'Loading bot flows…' ) ).toBeVisible();
		await screen.findByLabelText( 'Bot flow' );
		expect( fetchMock ).toHaveBeenCalledWith( {
			path: '/handoff-chat/v1/flows',
		} );
		expect( optionLabels( 'Bot flow' ) ).toEqual( [
			'Default flow',
			'Demo',
			'Pricing page',
			'Support (live chat only)',
		] );
		// Default flow: the sequences of the bridge's default (demo).
		expect( optionLabels( 'Start sequence' ) ).toEqual( [
			'Flow’s start (Welcome)',
			'Welcome',
			'FAQ',
		] );
		expect(
			screen.getByRole( 'link', { name: /Edit bot flows/ } )
		).toHaveAttribute(
			'href',
			'http://example.test/wp-admin/admin.php?page=handoff-chat-flows'
		);
	} );

	it( 'hides the flow editor link from users who cannot manage the site', async () => {
		window.handoffChatEditor = {
			...window.handoffChatEditor,
			canManage: false,
		};
		renderEdit();
		await screen.findByLabelText( 'Bot flow' );
		expect(
			screen.queryByRole( 'link', { name: /Edit bot flows/ } )
		).toBeNull();
	} );

	it( 'resets the start sequence when the flow changes, and offers that flow’s sequences', async () => {
		const { setAttributes, rerender } = renderEdit( {
			flowId: 'demo',
			startSequence: 'faq',
		} );
		await screen.findByLabelText( 'Bot flow' );
		expect( screen.getByLabelText( 'Start sequence' ) ).toHaveValue(
			'faq'
		);

		fireEvent.change( screen.getByLabelText( 'Bot flow' ), {
			target: { value: 'pricing' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( {
			flowId: 'pricing',
			startSequence: '',
		} );

		rerender( { flowId: 'pricing', startSequence: '' } );
		expect( optionLabels( 'Start sequence' ) ).toEqual( [
			'Flow’s start (Plans)',
			'Plans',
			'Ask for a quote',
		] );
		fireEvent.change( screen.getByLabelText( 'Start sequence' ), {
			target: { value: 'quote' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( {
			startSequence: 'quote',
		} );
	} );

	it( 'keeps a flow or sequence that no longer exists visible, with a warning', async () => {
		renderEdit( { flowId: 'gone', startSequence: 'old' } );
		await screen.findByLabelText( 'Bot flow' );
		expect( screen.getByLabelText( 'Bot flow' ) ).toHaveValue( 'gone' );
		expect( optionLabels( 'Bot flow' ) ).toContain( 'Missing: gone' );
		expect( optionLabels( 'Start sequence' ) ).toEqual( [
			'Flow’s start',
			'Missing: old',
		] );
		expect(
			screen.getByText( /This flow no longer exists/ )
		).toBeVisible();
	} );

	it( 'shows why loading failed and retries without WordPress’s cached copy', async () => {
		fetchMock.mockRejectedValueOnce( {
			code: 'handoff_chat_bridge_unreachable',
			message: 'The bridge could not be reached: timeout',
		} );
		renderEdit();
		expect(
			await screen.findByText(
				'The bot flows could not be loaded: The bridge could not be reached: timeout'
			)
		).toBeVisible();
		expect( screen.queryByLabelText( 'Bot flow' ) ).toBeNull();

		await act( async () => {
			fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) );
		} );
		expect( fetchMock ).toHaveBeenLastCalledWith( {
			path: '/handoff-chat/v1/flows?refresh=1',
		} );
		await waitFor( () =>
			expect( screen.getByLabelText( 'Bot flow' ) ).toBeVisible()
		);
		// The notice is gone (its words stay in the a11y live region, which is not shown).
		expect( document.querySelector( '.components-notice' ) ).toBeNull();
	} );
} );
