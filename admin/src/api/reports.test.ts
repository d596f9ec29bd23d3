import {
	authOf,
	BRIDGE,
	fakeBridge,
	json,
	requestsOf,
} from '../test-utils/fake-bridge';
import { reportsApi } from './reports';

describe( 'reports api', () => {
	it( 'asks the bridge for a range’s report, with the page filter only when one is chosen', async () => {
		const { transport, fetch } = fakeBridge();
		const api = reportsApi( transport );
		fetch.mockImplementation( () =>
			json( 200, { totals: { conversations: 3 } } )
		);
		expect(
			await api.getReport( {
				from: '2026-11-01',
				to: '2026-11-30',
				timeZone: 'Europe/Paris',
				pageUrl: null,
			} )
		).toEqual( { totals: { conversations: 3 } } );
		await api.getReport( {
			from: '2026-11-01',
			to: '2026-11-30',
			timeZone: 'UTC',
			pageUrl: 'https://shop.test/a?b=1&c=2',
		} );
		expect( requestsOf( fetch ) ).toEqual( [
			[
				`${ BRIDGE }/v1/reports?from=2026-11-01&to=2026-11-30&timeZone=Europe%2FParis`,
				'GET',
				null,
			],
			[
				`${ BRIDGE }/v1/reports?from=2026-11-01&to=2026-11-30&timeZone=UTC&pageUrl=https%3A%2F%2Fshop.test%2Fa%3Fb%3D1%26c%3D2`,
				'GET',
				null,
			],
		] );
		expect( authOf( fetch.mock.calls[ 0 ] ) ).toBe( 'Bearer token-1' );
	} );

	it( 'downloads a table as CSV with the advisor token, and explains a refusal', async () => {
		const { transport, fetch } = fakeBridge();
		const api = reportsApi( transport );
		fetch
			.mockResolvedValueOnce( {
				ok: true,
				status: 200,
				blob: () => Promise.resolve( 'csv bytes' ),
			} )
			.mockImplementationOnce( () =>
				json( 403, {
					error: {
						code: 'forbidden',
						message: 'Only site managers may see reports.',
					},
				} )
			);
		const args = {
			from: '2026-12-01',
			to: '2026-12-07',
			timeZone: 'UTC',
		};
		expect( await api.downloadReport( args, 'advisors' ) ).toEqual( {
			blob: 'csv bytes',
			filename: 'handoff-report-advisors-2026-12-01-2026-12-07.csv',
		} );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/reports/export?from=2026-12-01&to=2026-12-07&timeZone=UTC&table=advisors`
		);
		expect( authOf( fetch.mock.calls[ 0 ] ) ).toBe( 'Bearer token-1' );
		await expect( api.downloadReport( args, 'days' ) ).rejects.toThrow(
			'Only site managers may see reports.'
		);
	} );
} );
