/**
 * Opening hours in the inbox settings: the editor (weekly ranges, "Closed", exceptions, the
 * time zone), WordPress's time zone as the starting point, the contracts' check and the
 * bridge's refusal shown at the day concerned, and the hours saved with the other settings.
 */
import '@testing-library/jest-dom';
import {
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import { DEFAULT_HOURS, type SiteSettings } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { setSiteTimeZone } from '../../utils/site-time-zone';
import { SettingsForm } from '../settings-dialog';

const INITIAL: SiteSettings = {
	pseudonymTemplate: '',
	cannedResponses: [],
	ratingEnabled: true,
	retentionDays: 0,
	hours: DEFAULT_HOURS,
};

function setup(
	initial: SiteSettings = INITIAL,
	onSave = jest.fn().mockResolvedValue( undefined )
) {
	render(
		<SettingsForm
			initial={ initial }
			onSave={ onSave }
			onClose={ jest.fn() }
		/>
	);
	return { onSave, save: screen.getByRole( 'button', { name: 'Save' } ) };
}

const row = ( day: string ) =>
	screen.getByRole( 'rowheader', { name: day } ).closest( 'tr' )!;

afterEach( () => setSiteTimeZone( '' ) );

describe( 'Opening hours settings', () => {
	it( 'starts from WordPress’s time zone, edits the week and an exception, and saves them with the settings', async () => {
		setSiteTimeZone( 'Europe/Paris' );
		const { onSave, save } = setup();
		expect(
			screen.getByRole( 'combobox', { name: 'Time zone' } )
		).toHaveValue( 'Europe/Paris' );
		fireEvent.click(
			screen.getByRole( 'checkbox', {
				name: 'Answer during opening hours only',
			} )
		);
		// Saturday is closed; it opens in the morning.
		expect(
			within( row( 'Saturday' ) ).getByText( 'Closed' )
		).toBeVisible();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add hours on Saturday' } )
		);
		fireEvent.change( screen.getByLabelText( 'Saturday, closes (1)' ), {
			target: { value: '12:30' },
		} );
		// Friday closes for the day.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Remove Friday’s hours (1)' } )
		);
		expect( within( row( 'Friday' ) ).getByText( 'Closed' ) ).toBeVisible();
		// Christmas: closed all day.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add an exception' } )
		);
		fireEvent.change( screen.getByLabelText( 'Date' ), {
			target: { value: '2026-12-25' },
		} );
		fireEvent.change( screen.getByLabelText( 'Label (optional)' ), {
			target: { value: 'Christmas' },
		} );
		expect(
			screen.getByRole( 'checkbox', { name: 'Closed all day' } )
		).toBeChecked();

		fireEvent.click( save );
		await waitFor( () => expect( onSave ).toHaveBeenCalled() );
		expect( onSave.mock.calls[ 0 ][ 0 ].hours ).toEqual( {
			enabled: true,
			timeZone: 'Europe/Paris',
			weekly: {
				...DEFAULT_HOURS.weekly,
				fri: [],
				sat: [ { from: '09:00', to: '12:30' } ],
			},
			exceptions: [
				{ date: '2026-12-25', ranges: [], label: 'Christmas' },
			],
		} );
	} );

	it( 'keeps the saved time zone, and takes closing at 00:00 as the end of the day', async () => {
		setSiteTimeZone( 'Europe/Paris' );
		const { onSave, save } = setup( {
			...INITIAL,
			hours: {
				...DEFAULT_HOURS,
				enabled: true,
				timeZone: 'Asia/Kolkata',
				weekly: { ...DEFAULT_HOURS.weekly, sun: [] },
			},
		} );
		expect(
			screen.getByRole( 'combobox', { name: 'Time zone' } )
		).toHaveValue( 'Asia/Kolkata' );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add hours on Sunday' } )
		);
		fireEvent.change( screen.getByLabelText( 'Sunday, opens (1)' ), {
			target: { value: '20:00' },
		} );
		fireEvent.change( screen.getByLabelText( 'Sunday, closes (1)' ), {
			target: { value: '00:00' },
		} );
		fireEvent.click( save );
		await waitFor( () => expect( onSave ).toHaveBeenCalled() );
		expect( onSave.mock.calls[ 0 ][ 0 ].hours.weekly.sun ).toEqual( [
			{ from: '20:00', to: '24:00' },
		] );
	} );

	it( 'says which day is wrong, and saves nothing until it is right', () => {
		const { onSave, save } = setup();
		fireEvent.change( screen.getByLabelText( 'Monday, closes (1)' ), {
			target: { value: '08:00' },
		} );
		expect(
			within( row( 'Monday' ) ).getByRole( 'alert' )
		).toHaveTextContent(
			'Each range must close after it opens, without overlapping another (at most 4 a day).'
		);
		expect( within( row( 'Tuesday' ) ).queryByRole( 'alert' ) ).toBeNull();
		expect( save ).toBeDisabled();
		fireEvent.click( save );
		expect( onSave ).not.toHaveBeenCalled();
	} );

	it( 'shows the bridge’s refusal at the field concerned', async () => {
		const onSave = jest.fn().mockRejectedValue(
			new BridgeError(
				400,
				'bad_request',
				'hours.exceptions.0.date: duplicate date 2026-12-25',
				[
					{
						path: 'hours.exceptions.0.date',
						message: 'duplicate date 2026-12-25',
					},
				]
			)
		);
		const { save } = setup(
			{
				...INITIAL,
				hours: {
					...DEFAULT_HOURS,
					exceptions: [ { date: '2026-12-25', ranges: [] } ],
				},
			},
			onSave
		);
		fireEvent.click( save );
		const exception = screen.getByLabelText( 'Date' ).closest( 'li' )!;
		expect(
			await within( exception ).findByRole( 'alert' )
		).toHaveTextContent(
			'Give each exception its own date, and hours that close after they open.'
		);
		// Changing the hours clears it, until the next save says otherwise.
		fireEvent.change( screen.getByLabelText( 'Date' ), {
			target: { value: '2026-12-26' },
		} );
		expect( within( exception ).queryByRole( 'alert' ) ).toBeNull();
	} );
} );
