import { initialsOf } from './initials';

describe( 'initialsOf', () => {
	it.each( [
		[ 'Camille Martin', 'CM' ],
		[ 'léa', 'L' ],
		[ 'léa (Acme)', 'LA' ],
		[ 'Jean-Luc Picard', 'JL' ],
		[ '  ana  maria  lopez ', 'AM' ],
		[ 'Ōtsuka 大輔', 'Ō大' ],
		[ '😀 Zoé', 'Z' ],
		[ '', '?' ],
		[ '!!!', '?' ],
	] )( '%s → %s', ( name, initials ) => {
		expect( initialsOf( name ) ).toBe( initials );
	} );
} );
