/**
 * The open conversation, mirrored in the page URL (`&conversation=<id>`) so a reload
 * or a shared link reopens it (replaceState: choosing conversations adds no history).
 */
import { useCallback, useEffect, useState } from '@wordpress/element';
import { addQueryArgs, getQueryArg, removeQueryArgs } from '@wordpress/url';

const PARAM = 'conversation';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function fromUrl(): string | null {
	const v = getQueryArg( window.location.href, PARAM );
	return typeof v === 'string' && ID.test( v ) ? v : null;
}

export function useSelection(): [
	string | null,
	( id: string | null ) => void,
] {
	const [ selected, setSelected ] = useState< string | null >( fromUrl );

	useEffect( () => {
		const onPop = () => setSelected( fromUrl() );
		window.addEventListener( 'popstate', onPop );
		return () => window.removeEventListener( 'popstate', onPop );
	}, [] );

	const select = useCallback( ( id: string | null ) => {
		setSelected( id );
		const href = window.location.href;
		const next = id
			? addQueryArgs( href, { [ PARAM ]: id } )
			: removeQueryArgs( href, PARAM );
		if ( next !== href ) {
			window.history.replaceState( window.history.state, '', next );
		}
	}, [] );

	return [ selected, select ];
}
