/** When chart.js cannot be loaded (offline, a blocked chunk), the figures stay readable as tables. */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import ReportsScreen from '.';

jest.mock( 'chart.js', () => {
	throw new Error( 'Loading chunk chart failed.' );
} );

const hours = Array.from( { length: 7 }, () =>
	Array.from( { length: 24 }, () => 0 )
);

it( 'opens the data tables instead of the charts', async () => {
	const api = stubApi( {
		getReport: jest.fn().mockResolvedValue( {
			range: {
				from: '2026-12-05',
				to: '2026-12-05',
				timeZone: 'UTC',
				pageUrl: null,
			},
			totals: {
				conversations: 2,
				botOnly: 1,
				escalated: 1,
				closed: 0,
				rated: 0,
				averageRating: null,
			},
			days: [
				{
					date: '2026-12-05',
					conversations: 2,
					botOnly: 1,
					escalated: 1,
				},
			],
			firstResponse: { count: 0, medianSeconds: null, p90Seconds: null },
			resolution: { count: 0, medianSeconds: null, p90Seconds: null },
			advisors: [],
			busiestHours: hours,
			pages: [],
		} ),
	} );
	renderWithServices( <ReportsScreen timeZone="UTC" />, {
		api,
		canManage: true,
	} );
	const days = await screen.findByRole( 'table', {
		name: 'Conversations per day',
	} );
	await waitFor( () =>
		expect( days.closest( 'details' ) ).toHaveAttribute( 'open' )
	);
	expect(
		screen
			.getByRole( 'table', { name: 'Bot only and escalated' } )
			.closest( 'details' )
	).toHaveAttribute( 'open' );
	expect( document.querySelector( 'canvas' ) ).toBeNull();
	expect(
		screen.getByText( 'No advisor answered in this period.' )
	).toBeVisible();
} );
