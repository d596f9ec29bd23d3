/**
 * The advisor's "Available / Away" switch in the inbox toolbar: read from the bridge on load,
 * set with PUT, put back when the bridge refuses, and following the `advisor-status` events
 * of the advisor's other tabs (not a colleague's).
 */
import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { inboxChannel } from '@handoff-chat/contracts/channels';
import { BridgeError } from '../../api';
import { useAway } from '../../data/use-away';
import type { NotifierState } from '../../data/use-notifier';
import { stubApi } from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import InboxToolbar from '../inbox-toolbar';

const notifier: NotifierState = {
	muted: false,
	setMuted: jest.fn(),
	botToo: false,
	setBotToo: jest.fn(),
	permission: 'granted',
	requestPermission: jest.fn(),
};

function Toolbar() {
	return (
		<InboxToolbar
			colleagues={ [] }
			notifier={ notifier }
			canManage={ false }
			onOpenSettings={ jest.fn() }
			away={ useAway() }
		/>
	);
}

function setup( over: Parameters< typeof stubApi >[ 0 ] = {} ) {
	const api = stubApi( over );
	const realtime = fakeRealtime();
	renderWithServices( <Toolbar />, { api, realtime } );
	return { api, realtime };
}

describe( 'Available / Away', () => {
	it( 'restores the advisor’s status on load and switches it with PUT', async () => {
		const { api } = setup( {
			getMyStatus: jest.fn().mockResolvedValue( { away: true } ),
		} );
		const toggle = await screen.findByRole( 'checkbox', { name: 'Away' } );
		expect( toggle ).not.toBeChecked();
		fireEvent.click( toggle );
		await waitFor( () =>
			expect(
				screen.getByRole( 'checkbox', { name: 'Available' } )
			).toBeChecked()
		);
		expect( api.setMyStatus ).toHaveBeenCalledWith( false );
	} );

	it( 'puts the switch back and says why when the bridge refuses', async () => {
		setup( {
			setMyStatus: jest
				.fn()
				.mockRejectedValue(
					new BridgeError( 503, 'unavailable', 'The bridge is down.' )
				),
		} );
		fireEvent.click(
			await screen.findByRole( 'checkbox', { name: 'Available' } )
		);
		expect( await screen.findByRole( 'alert' ) ).toHaveTextContent(
			'The bridge is down.'
		);
		expect(
			screen.getByRole( 'checkbox', { name: 'Available' } )
		).toBeChecked();
	} );

	it( 'follows the switch from the advisor’s other tabs, not a colleague’s', async () => {
		const { realtime } = setup();
		await screen.findByRole( 'checkbox', { name: 'Available' } );
		const channel = inboxChannel( 'site_test' );
		act( () =>
			realtime.emit( channel, 'advisor-status', {
				advisorId: '9',
				away: true,
			} )
		);
		expect(
			screen.getByRole( 'checkbox', { name: 'Available' } )
		).toBeChecked();
		act( () =>
			realtime.emit( channel, 'advisor-status', {
				advisorId: '7',
				away: true,
			} )
		);
		expect(
			screen.getByRole( 'checkbox', { name: 'Away' } )
		).not.toBeChecked();
	} );

	it( 'keeps the advisor’s switch when a status read answers while it is being saved', async () => {
		let answer: ( s: { away: boolean } ) => void = () => undefined;
		const { realtime } = setup( {
			setMyStatus: jest.fn(
				() =>
					new Promise< { away: boolean } >( ( resolve ) => {
						answer = resolve;
					} )
			),
		} );
		fireEvent.click(
			await screen.findByRole( 'checkbox', { name: 'Available' } )
		);
		// A resubscription reads the status again while the PUT is on its way.
		act( () => realtime.resync( inboxChannel( 'site_test' ) ) );
		await act( async () => undefined );
		expect(
			screen.getByRole( 'checkbox', { name: 'Away' } )
		).not.toBeChecked();
		await act( async () => answer( { away: true } ) );
		expect(
			screen.getByRole( 'checkbox', { name: 'Away' } )
		).not.toBeChecked();
	} );
} );
