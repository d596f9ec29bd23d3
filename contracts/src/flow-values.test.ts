import { validateAnswer } from './flow-values';
import type { AnswerType } from './types';

// Edge cases the widget's composer flags before sending (it imports this very check).
const accepted: Partial< Record< AnswerType, Record< string, string > > > = {
	email: { ' ana.b+tag@mail.example.co.uk ': 'ana.b+tag@mail.example.co.uk' },
	phone: {
		'06.12.34.56.78': '06.12.34.56.78',
		'(555) 123-4567': '(555) 123-4567',
	},
	number: { '3,14': '3.14', '1 000': '1000', '+7': '+7' },
	text: { '<b>x</b>': '<b>x</b>' },
};
const refused: Partial< Record< AnswerType, string[] > > = {
	email: [ 'ana@@example.com', 'ana@example' ],
	phone: [ '+1234567890123456', '++33612345678', '06 12 34 56 78 ext 2' ],
	number: [ '12.', '.5', '1234567890123456' ],
};

it.each( Object.entries( accepted ) )(
	'accepts and normalises %s answers',
	( type, cases ) => {
		for ( const [ raw, value ] of Object.entries( cases ) ) {
			expect( [
				raw,
				validateAnswer( type as AnswerType, raw ),
			] ).toEqual( [ raw, value ] );
		}
	}
);

it.each( Object.entries( refused ) )(
	'refuses malformed %s answers',
	( type, cases ) => {
		for ( const raw of cases ) {
			expect( [
				raw,
				validateAnswer( type as AnswerType, raw ),
			] ).toEqual( [ raw, null ] );
		}
	}
);
