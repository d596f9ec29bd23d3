import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReportResponse } from '@handoff-chat/contracts';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import { daysBetween, todayIn } from '../../utils/report-format';
import ReportsScreen from '.';

// jsdom draws no canvas: a stand-in chart.js records what each chart was given.
const charts: { type: string; data: any; label: string | null }[] = [];
jest.mock( 'chart.js', () => {
	class Chart {
		static register = jest.fn();
		constructor( canvas: HTMLCanvasElement, config: any ) {
			charts.push( {
				type: config.type,
				data: config.data,
				label: canvas.getAttribute( 'aria-label' ),
			} );
		}
		destroy() {}
	}
	return {
		Chart,
		BarController: {},
		BarElement: {},
		CategoryScale: {},
		LinearScale: {},
		DoughnutController: {},
		ArcElement: {},
		Tooltip: {},
		Legend: {},
	};
} );

const TZ = 'Europe/Paris';

const hours = () =>
	Array.from( { length: 7 }, () => Array.from( { length: 24 }, () => 0 ) );

function report( over: Partial< ReportResponse > = {} ): ReportResponse {
	const busiest = hours();
	busiest[ 0 ][ 9 ] = 3; // Monday 9:00
	busiest[ 4 ][ 14 ] = 2; // Friday 14:00
	return {
		range: {
			from: '2026-12-04',
			to: '2026-12-05',
			timeZone: TZ,
			pageUrl: null,
		},
		totals: {
			conversations: 5,
			botOnly: 3,
			escalated: 2,
			closed: 4,
			rated: 2,
			averageRating: 4.5,
		},
		days: [
			{ date: '2026-12-04', conversations: 1, botOnly: 1, escalated: 0 },
			{ date: '2026-12-05', conversations: 4, botOnly: 2, escalated: 2 },
		],
		firstResponse: { count: 2, medianSeconds: 150, p90Seconds: 3900 },
		resolution: { count: 4, medianSeconds: 600, p90Seconds: 90000 },
		advisors: [
			{
				advisorId: '7',
				name: 'Camille',
				avatar: null,
				handled: 2,
				messages: 5,
				firstResponse: {
					count: 2,
					medianSeconds: 150,
					p90Seconds: 3900,
				},
				ratings: { count: 2, average: 4.5 },
			},
			{
				advisorId: '8',
				name: 'Noé',
				avatar: null,
				handled: 1,
				messages: 1,
				firstResponse: {
					count: 0,
					medianSeconds: null,
					p90Seconds: null,
				},
				ratings: { count: 0, average: null },
			},
		],
		busiestHours: busiest,
		pages: [
			{
				pageUrl: 'https://shop.test/pricing',
				pageTitle: 'Pricing',
				conversations: 4,
			},
			{
				pageUrl: 'https://shop.test/',
				pageTitle: null,
				conversations: 1,
			},
		],
		...over,
	};
}

const figure = ( id: string ) =>
	document.querySelector( `[data-figure="${ id }"]` ) as HTMLElement;

beforeEach( () => {
	charts.length = 0;
	window.history.replaceState(
		null,
		'',
		'/wp-admin/admin.php?page=handoff-chat-reports'
	);
} );

describe( 'ReportsScreen', () => {
	it( 'is for managers only', () => {
		const api = stubApi();
		renderWithServices( <ReportsScreen timeZone={ TZ } />, { api } );
		expect(
			screen.getByText( 'Only the site’s managers can see reports.', {
				selector: '.components-notice__content',
			} )
		).toBeInTheDocument();
		expect( api.getReport ).not.toHaveBeenCalled();
	} );

	it( 'shows the last 30 days of the site’s time zone as figures, charts and tables', async () => {
		const api = stubApi( {
			getReport: jest.fn().mockResolvedValue( report() ),
		} );
		renderWithServices( <ReportsScreen timeZone={ TZ } />, {
			api,
			canManage: true,
		} );
		expect( screen.getByText( 'Loading the report…' ) ).toBeVisible();
		await waitFor( () => expect( figure( 'conversations' ) ).toBeTruthy() );
		const args = api.getReport.mock.calls[ 0 ][ 0 ];
		expect( args ).toMatchObject( { timeZone: TZ, pageUrl: null } );
		expect( args.to ).toBe( todayIn( TZ ) );
		expect( daysBetween( args.from, args.to ) ).toBe( 30 );

		expect( figure( 'conversations' ) ).toHaveTextContent(
			/^Conversations5\s*4 closed$/
		);
		expect( figure( 'escalated' ) ).toHaveTextContent( '40%' );
		expect( figure( 'escalated' ) ).toHaveTextContent( '2 of 5' );
		expect( figure( 'first-response' ) ).toHaveTextContent( '2 min 30 s' );
		expect( figure( 'first-response' ) ).toHaveTextContent(
			'9 in 10 within 1 h 5 min, of 2 conversations'
		);
		expect( figure( 'resolution' ) ).toHaveTextContent( '10 min' );
		expect( figure( 'resolution' ) ).toHaveTextContent( '1 d 1 h' );
		expect( figure( 'rating' ) ).toHaveTextContent( '4.5 / 5' );
		expect( figure( 'rating' ) ).toHaveTextContent( '2 ratings' );

		// Per advisor, in the bridge's order.
		const rows = within(
			document.querySelector(
				'.handoff-chat-reports__advisors'
			) as HTMLElement
		).getAllByRole( 'row' );
		expect( rows.map( ( r ) => r.textContent ) ).toEqual( [
			expect.stringContaining( 'Advisor' ),
			expect.stringMatching(
				/Camille\s*252 min 30 s1 h 5 min4\.5 \/ 5 \(2 ratings\)/
			),
			expect.stringMatching( /Noé\s*11———/ ),
		] );

		// The charts got the same figures (chart.js is loaded on demand)…
		await waitFor( () => expect( charts ).toHaveLength( 2 ) );
		const bars = charts.find( ( c ) => c.type === 'bar' )!;
		expect(
			bars.data.datasets.map( ( d: any ) => [ d.label, d.data ] )
		).toEqual( [
			[ 'Bot only', [ 1, 2 ] ],
			[ 'Escalated to an advisor', [ 0, 2 ] ],
		] );
		expect( bars.label ).toContain( '5 in all' );
		const share = charts.find( ( c ) => c.type === 'doughnut' )!;
		expect( share.data.datasets[ 0 ].data ).toEqual( [ 3, 2 ] );
		expect( share.label ).toBe(
			'Bot only: 3 (60%). Escalated to an advisor: 2 (40%).'
		);
		// …and each has a data table for whoever would rather read.
		const dayTable = screen.getByRole( 'table', {
			name: 'Conversations per day',
		} );
		expect(
			within( dayTable )
				.getAllByRole( 'row' )
				.map( ( r ) => r.textContent )
		).toEqual( [
			'DayConversationsBot onlyEscalated to an advisor',
			'Friday, December 4, 2026110',
			'Saturday, December 5, 2026422',
		] );

		// Busiest hours: the peak in words, and the same numbers as a table for screen readers.
		expect(
			screen.getByText( 'Busiest: Monday at 9 AM (3 conversations)' )
		).toBeVisible();
		const heat = screen.getByRole( 'table', {
			name: 'Conversations started, by weekday and hour',
		} );
		const monday = within( heat ).getByRole( 'row', { name: /^Monday/ } );
		expect(
			within( monday ).getAllByRole( 'cell' )[ 9 ]
		).toHaveTextContent( '3' );
		const friday = within( heat ).getByRole( 'row', { name: /^Friday/ } );
		expect(
			within( friday ).getAllByRole( 'cell' )[ 14 ]
		).toHaveTextContent( '2' );
		expect(
			document.querySelectorAll(
				'.handoff-chat-reports__heat-cell[data-count="3"]'
			)
		).toHaveLength( 1 );
	} );

	it( 'changes the period and the page, and refuses a custom range the bridge would refuse', async () => {
		const api = stubApi( {
			getReport: jest.fn().mockResolvedValue( report() ),
		} );
		renderWithServices( <ReportsScreen timeZone={ TZ } />, {
			api,
			canManage: true,
		} );
		await waitFor( () => expect( figure( 'conversations' ) ).toBeTruthy() );

		fireEvent.change( screen.getByLabelText( 'Period' ), {
			target: { value: '7' },
		} );
		await waitFor( () =>
			expect( api.getReport ).toHaveBeenCalledTimes( 2 )
		);
		const seven = api.getReport.mock.calls[ 1 ][ 0 ];
		expect( daysBetween( seven.from, seven.to ) ).toBe( 7 );
		expect( window.location.search ).toContain( 'period=7' );

		// The page select lists the range's pages (title, else address, with their count).
		const page = screen.getByLabelText( 'Page' );
		expect(
			within( page )
				.getAllByRole( 'option' )
				.map( ( o ) => o.textContent )
		).toEqual( [ 'All pages', 'Pricing (4)', 'https://shop.test/ (1)' ] );
		fireEvent.change( page, {
			target: { value: 'https://shop.test/pricing' },
		} );
		await waitFor( () =>
			expect( api.getReport ).toHaveBeenCalledTimes( 3 )
		);
		expect( api.getReport.mock.calls[ 2 ][ 0 ] ).toMatchObject( {
			from: seven.from,
			to: seven.to,
			pageUrl: 'https://shop.test/pricing',
		} );

		// Custom dates start from the period shown; a reversed or too long range is not asked for.
		fireEvent.change( screen.getByLabelText( 'Period' ), {
			target: { value: 'custom' },
		} );
		expect( screen.getByLabelText( 'From' ) ).toHaveValue( seven.from );
		expect( screen.getByLabelText( 'To' ) ).toHaveValue( seven.to );
		fireEvent.change( screen.getByLabelText( 'From' ), {
			target: { value: '2026-12-10' },
		} );
		fireEvent.change( screen.getByLabelText( 'To' ), {
			target: { value: '2026-12-01' },
		} );
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'The end date is before the start date.'
		);
		fireEvent.change( screen.getByLabelText( 'From' ), {
			target: { value: '2025-01-01' },
		} );
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'A report covers at most 366 days.'
		);
		fireEvent.change( screen.getByLabelText( 'From' ), {
			target: { value: '2026-11-01' },
		} );
		await waitFor( () =>
			expect( api.getReport ).toHaveBeenLastCalledWith( {
				from: '2026-11-01',
				to: '2026-12-01',
				timeZone: TZ,
				pageUrl: 'https://shop.test/pricing',
			} )
		);
		// Only valid ranges reached the bridge.
		for ( const [ args ] of api.getReport.mock.calls ) {
			expect( args.to >= args.from ).toBe( true );
		}
		expect( window.location.search ).toContain( 'from=2026-11-01' );
	} );

	it( 'says when the period has no conversations', async () => {
		const api = stubApi( {
			getReport: jest.fn().mockResolvedValue(
				report( {
					totals: {
						conversations: 0,
						botOnly: 0,
						escalated: 0,
						closed: 0,
						rated: 0,
						averageRating: null,
					},
					advisors: [],
				} )
			),
		} );
		renderWithServices( <ReportsScreen timeZone={ TZ } />, {
			api,
			canManage: true,
		} );
		expect(
			await screen.findByText( 'No conversations in this period.' )
		).toBeVisible();
		expect( figure( 'conversations' ) ).toBeNull();
	} );

	it( 'explains a failure and tries again', async () => {
		const api = stubApi( {
			getReport: jest
				.fn()
				.mockRejectedValueOnce(
					new Error( 'The chat server cannot be reached.' )
				)
				.mockResolvedValue( report() ),
		} );
		renderWithServices( <ReportsScreen timeZone={ TZ } />, {
			api,
			canManage: true,
		} );
		expect(
			await screen.findByText( 'The chat server cannot be reached.', {
				selector: '.components-notice__content',
			} )
		).toBeVisible();
		fireEvent.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		await waitFor( () => expect( figure( 'conversations' ) ).toBeTruthy() );
		expect( api.getReport ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'downloads each table as CSV for the range shown', async () => {
		const created = jest.fn( () => 'blob:report' );
		Object.assign( URL, {
			createObjectURL: created,
			revokeObjectURL: jest.fn(),
		} );
		const click = jest
			.spyOn( HTMLAnchorElement.prototype, 'click' )
			.mockImplementation( function ( this: HTMLAnchorElement ) {
				expect( this.download ).toMatch( /^handoff-report-/ );
			} );
		const api = stubApi( {
			getReport: jest.fn().mockResolvedValue( report() ),
			downloadReport: jest
				.fn()
				.mockResolvedValueOnce( {
					blob: new Blob( [ 'x' ] ),
					filename: 'handoff-report-advisors-a-b.csv',
				} )
				.mockRejectedValueOnce(
					new Error( 'Only site managers may see reports.' )
				),
		} );
		renderWithServices( <ReportsScreen timeZone={ TZ } />, {
			api,
			canManage: true,
		} );
		await waitFor( () => expect( figure( 'conversations' ) ).toBeTruthy() );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Download advisors (CSV)' } )
		);
		await waitFor( () => expect( click ).toHaveBeenCalledTimes( 1 ) );
		expect( api.downloadReport ).toHaveBeenCalledWith(
			api.getReport.mock.calls[ 0 ][ 0 ],
			'advisors'
		);
		fireEvent.click(
			screen.getByRole( 'button', {
				name: 'Download conversations (CSV)',
			} )
		);
		expect(
			await screen.findByText( 'Only site managers may see reports.', {
				selector: '.components-notice__content',
			} )
		).toBeVisible();
		expect( api.downloadReport ).toHaveBeenLastCalledWith(
			api.getReport.mock.calls[ 0 ][ 0 ],
			'conversations'
		);
		click.mockRestore();
	} );
} );
