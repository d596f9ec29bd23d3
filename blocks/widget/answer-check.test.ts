import { validateAnswer } from '@handoff-chat/contracts/flow-values';
import type { AnswerType } from '@handoff-chat/contracts';
import { isValidAnswer } from './answer-check';

const samples: Record< AnswerType, string[] > = {
	email: [
		'ana@example.com',
		' ana.b+tag@mail.example.co.uk ',
		'ana@example',
		'ana@example.c',
		'ana@@example.com',
		'ana example@example.com',
		'@example.com',
		'ana@.example.com',
		'a@b.cd',
		'x'.repeat( 250 ) + '@b.fr',
		'',
		'   ',
	],
	phone: [
		'+33 6 12 34 56 78',
		'06.12.34.56.78',
		'(555) 123-4567',
		'12345',
		'123456',
		'+1234567890123456',
		'call me',
		'06 12 34 56 78 ext 2',
		'++33612345678',
		'',
	],
	number: [
		'42',
		'-3.5',
		'+7',
		'3,14',
		'1 000',
		'1e3',
		'12.',
		'.5',
		'1234567890123456',
		'abc',
		'',
	],
	text: [ 'Ana', '  ', '', '<b>x</b>' ],
};

describe( 'isValidAnswer', () => {
	it.each( Object.entries( samples ) )(
		'agrees with the bridge on %s answers',
		( type, values ) => {
			for ( const value of values ) {
				expect( [
					value,
					isValidAnswer( type as AnswerType, value ),
				] ).toEqual( [
					value,
					validateAnswer( type as AnswerType, value ) !== null,
				] );
			}
		}
	);
} );
