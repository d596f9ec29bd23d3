/** The current time, refreshed every `intervalMs` (relative times in the list). */
import { useEffect, useState } from '@wordpress/element';

export function useNow( intervalMs = 60_000 ): number {
	const [ now, setNow ] = useState( () => Date.now() );
	useEffect( () => {
		const id = setInterval( () => setNow( Date.now() ), intervalMs );
		return () => clearInterval( id );
	}, [ intervalMs ] );
	return now;
}
