import { LIMITS, VARIABLE_PATTERN } from '@handoff-chat/contracts';
import { imageFileProblem, MAX_IMAGE_BYTES } from './image-file';
import {
	MAX_VARIABLE_VALUE,
	normaliseVariableName,
	VARIABLE_NAME,
} from './variable-name';

describe( 'imageFileProblem', () => {
	it( 'accepts PNG, JPEG, GIF and WebP up to 5 MB', () => {
		for ( const type of [
			'image/png',
			'image/jpeg',
			'image/gif',
			'image/webp',
		] ) {
			expect( imageFileProblem( { type, size: 1000 } ) ).toBeNull();
		}
		expect(
			imageFileProblem( { type: 'image/png', size: MAX_IMAGE_BYTES } )
		).toBeNull();
	} );

	it( 'refuses other types, larger files and empty ones, with a reason', () => {
		expect( imageFileProblem( { type: 'image/svg+xml', size: 10 } ) ).toBe(
			'Only PNG, JPEG, GIF and WebP images can be sent.'
		);
		expect(
			imageFileProblem( { type: 'application/pdf', size: 10 } )
		).toMatch( /Only PNG/ );
		expect( imageFileProblem( { type: '', size: 10 } ) ).toMatch(
			/Only PNG/
		);
		expect(
			imageFileProblem( {
				type: 'image/jpeg',
				size: MAX_IMAGE_BYTES + 1,
			} )
		).toBe( 'This image is too large: the limit is 5 MB.' );
		expect( imageFileProblem( { type: 'image/gif', size: 0 } ) ).toBe(
			'This file is empty.'
		);
	} );

	it( 'keeps the limits of the bridge', () => {
		expect( MAX_IMAGE_BYTES ).toBe( LIMITS.uploadBytes );
		expect( VARIABLE_NAME.source ).toBe( VARIABLE_PATTERN.source );
		expect( MAX_VARIABLE_VALUE ).toBe( LIMITS.variableValue );
		expect( normaliseVariableName( 'prénom client' ) ).toBe(
			'PRENOM_CLIENT'
		);
	} );
} );
