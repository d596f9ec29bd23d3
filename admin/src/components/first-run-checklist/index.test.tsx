import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { HandoffChatChecklistState } from '../../global';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import { checklistSteps, conversationTotal } from '../../utils/checklist';
import FirstRunChecklist from '.';

const checklist = (
	over: Partial< HandoffChatChecklistState > = {}
): HandoffChatChecklistState => ( {
	dismissed: false,
	blockPlaced: false,
	siteWide: false,
	newPageUrl: 'https://shop.test/wp-admin/post-new.php?post_type=page',
	siteWideUrl:
		'https://shop.test/wp-admin/admin.php?page=handoff-chat-settings#handoff-chat-site-wide',
	testUrl: '',
	dismissPath: '/handoff-chat/v1/checklist',
	...over,
} );

const data = {
	checklist: checklist(),
	connected: false,
	licensed: false,
	conversations: null as number | null,
};

describe( 'checklistSteps', () => {
	it( 'marks each step from its own data', () => {
		const done = ( d: Parameters< typeof checklistSteps >[ 0 ] ) =>
			checklistSteps( d )
				.filter( ( s ) => s.done )
				.map( ( s ) => s.id );
		expect( done( data ) ).toEqual( [] );
		expect( done( { ...data, connected: true } ) ).toEqual( [ 'connect' ] );
		expect(
			done( { ...data, checklist: checklist( { blockPlaced: true } ) } )
		).toEqual( [ 'widget' ] );
		expect(
			done( { ...data, checklist: checklist( { siteWide: true } ) } )
		).toEqual( [ 'widget' ] );
		// A licence counts once this screen is connected: transfers go to advisors online.
		expect( done( { ...data, licensed: true } ) ).toEqual( [] );
		expect( done( { ...data, connected: true, licensed: true } ) ).toEqual(
			[ 'connect', 'available' ]
		);
		expect( done( { ...data, conversations: 0 } ) ).toEqual( [] );
		expect( done( { ...data, conversations: 1 } ) ).toEqual( [ 'test' ] );
	} );

	it( 'counts conversations across every list', () => {
		expect( conversationTotal( null ) ).toBeNull();
		expect( conversationTotal( { live: 0, closed: 2, bot: 1 } ) ).toBe( 3 );
	} );
} );

const SETTINGS_URL =
	'https://shop.test/wp-admin/admin.php?page=handoff-chat-settings';
const ADVISORS_URL =
	'https://shop.test/wp-admin/admin.php?page=handoff-chat-advisors';

function renderChecklist(
	props: Partial< typeof data > = {},
	api = stubApi()
) {
	const view = renderWithServices(
		<FirstRunChecklist
			{ ...data }
			{ ...props }
			settingsUrl={ SETTINGS_URL }
			advisorsUrl={ ADVISORS_URL }
		/>,
		{ api }
	);
	return { ...view, api };
}

describe( 'FirstRunChecklist', () => {
	it( 'lists the four steps in order, says which are done, and links to what is left', () => {
		renderChecklist( {
			connected: true,
			checklist: checklist( {
				testUrl: 'https://shop.test/contact/#handoff-chat',
			} ),
		} );
		const region = screen.getByRole( 'region', {
			name: 'Get ready for your first chat',
		} );
		const items = within( region ).getAllByRole( 'listitem' );
		expect(
			items.map( ( li ) => li.querySelector( 'strong' )?.textContent )
		).toEqual( [
			'Done: Connect to the bridge',
			'To do: Put the chat on your site',
			'To do: Make yourself available',
			'To do: Send yourself a test message',
		] );
		expect(
			within( region ).getByText( '1 of 4 steps done' )
		).toBeInTheDocument();
		// A done step offers no action any more.
		expect( within( items[ 0 ] ).queryByRole( 'link' ) ).toBeNull();
		expect(
			within( items[ 1 ] ).getByRole( 'link', {
				name: 'Add the block to a new page',
			} )
		).toHaveAttribute( 'href', checklist().newPageUrl );
		expect(
			within( items[ 1 ] ).getByRole( 'link', {
				name: 'Show it on every page',
			} )
		).toHaveAttribute( 'href', checklist().siteWideUrl );
		expect(
			within( items[ 2 ] ).getByRole( 'link', {
				name: 'Open the Advisors screen',
			} )
		).toHaveAttribute( 'href', ADVISORS_URL );
		expect(
			within( items[ 3 ] ).getByRole( 'link', {
				name: /Open the site with the chat/,
			} )
		).toHaveAttribute( 'href', 'https://shop.test/contact/#handoff-chat' );
	} );

	it( 'follows the data as steps get done', () => {
		const { rerender } = renderChecklist();
		expect( screen.getByText( '0 of 4 steps done' ) ).toBeInTheDocument();
		rerender(
			<FirstRunChecklist
				checklist={ checklist( { siteWide: true } ) }
				connected
				licensed
				conversations={ 2 }
				settingsUrl={ SETTINGS_URL }
				advisorsUrl={ ADVISORS_URL }
			/>
		);
		expect(
			screen.getByText( 'All set: visitors can reach you.' )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'The chat shows on every page.' )
		).toBeInTheDocument();
		expect( screen.queryByText( /To do:/ ) ).toBeNull();
		expect( screen.queryByRole( 'link' ) ).toBeNull();
	} );

	it( 'is hidden for this user through the route and shown again, focus following', async () => {
		const { api } = renderChecklist();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Hide this checklist' } )
		);
		const reopen = screen.getByRole( 'button', {
			name: 'Show the setup checklist',
		} );
		expect( screen.queryByRole( 'region' ) ).toBeNull();
		await waitFor( () => expect( reopen ).toHaveFocus() );
		expect( api.setChecklistDismissed ).toHaveBeenLastCalledWith(
			'/handoff-chat/v1/checklist',
			true
		);

		fireEvent.click( reopen );
		const heading = screen.getByRole( 'heading', {
			name: 'Get ready for your first chat',
		} );
		await waitFor( () => expect( heading ).toHaveFocus() );
		expect( api.setChecklistDismissed ).toHaveBeenLastCalledWith(
			'/handoff-chat/v1/checklist',
			false
		);
	} );

	it( 'starts hidden when the user hid it, and stays so with the error when saving fails', async () => {
		const api = stubApi( {
			setChecklistDismissed: jest
				.fn()
				.mockRejectedValue( new Error( 'Network down' ) ),
		} );
		renderChecklist( { checklist: checklist( { dismissed: true } ) }, api );
		expect( screen.queryByRole( 'region' ) ).toBeNull();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Show the setup checklist' } )
		);
		expect( await screen.findByRole( 'alert' ) ).toHaveTextContent(
			'Network down'
		);
		expect( screen.queryByRole( 'region' ) ).toBeNull();
	} );
} );
