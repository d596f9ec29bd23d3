import '@testing-library/jest-dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { conversation, stubApi } from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import VisitorVariables from '.';

describe( 'VisitorVariables', () => {
	it( "lists the visitor's variables and reads them again when the conversation is updated", async () => {
		const api = stubApi( {
			getVariables: jest
				.fn()
				.mockResolvedValueOnce( [
					{
						name: 'PRENOM',
						value: 'Léa',
						updatedAt: '2025-01-01T10:00:00.000Z',
					},
				] )
				.mockResolvedValue( [
					{
						name: 'PRENOM',
						value: 'Léa',
						updatedAt: '2025-01-01T10:00:00.000Z',
					},
					{
						name: 'SOCIETE',
						value: '<b>Acme</b>',
						updatedAt: '2025-01-01T10:01:00.000Z',
					},
				] ),
		} );
		const realtime = fakeRealtime();
		renderWithServices( <VisitorVariables conversationId="c_1" />, {
			api,
			realtime,
		} );
		const section = screen.getByRole( 'complementary', {
			name: 'Visitor variables',
		} );
		expect(
			await within( section ).findByText( 'Léa' )
		).toBeInTheDocument();
		expect( api.getVariables ).toHaveBeenCalledWith( 'c_1' );

		const calls = api.getVariables.mock.calls.length;
		const updated = conversation( 'c_1', {
			updatedAt: '2025-01-01T10:01:00.000Z',
		} );
		act( () => {
			// Both channels announce the same update: one more read.
			realtime.emit(
				'private-conversation-site_test-c_1',
				'conversation-updated',
				{ conversation: updated }
			);
			realtime.emit( 'private-inbox-site_test', 'conversation-updated', {
				conversation: updated,
			} );
			// Another conversation's update is not ours.
			realtime.emit( 'private-inbox-site_test', 'conversation-updated', {
				conversation: conversation( 'c_2', {
					updatedAt: '2025-01-01T10:02:00.000Z',
				} ),
			} );
		} );
		// Hostile values stay text.
		expect(
			await within( section ).findByText( '<b>Acme</b>' )
		).toBeInTheDocument();
		await waitFor( () =>
			expect( api.getVariables ).toHaveBeenCalledTimes( calls + 1 )
		);
	} );

	it( 'says when nothing was captured', async () => {
		renderWithServices( <VisitorVariables conversationId="c_1" />, {
			api: stubApi(),
		} );
		expect(
			await screen.findByText( 'Nothing captured yet.' )
		).toBeInTheDocument();
	} );
} );
