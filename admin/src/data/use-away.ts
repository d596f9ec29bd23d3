/**
 * The signed-in advisor's "Away" switch (`/v1/advisors/me/status`): read on mount and
 * whenever events may have been missed (resubscription, tab shown again), set with PUT,
 * and followed from the `advisor-status` events the bridge publishes when it changes in
 * another tab or device.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { EVENTS } from '@handoff-chat/contracts/channels';
import { errorMessage } from '../api';
import { useServices } from './services';
import { useChannel } from './use-realtime';
import { useInboxChannel } from './use-advisor-self';

export interface AwayState {
	/** null until the bridge answered. */
	away: boolean | null;
	busy: boolean;
	/** Why the last change failed. */
	error: string | null;
	setAway: ( away: boolean ) => void;
}

export function useAway(): AwayState {
	const { api, user } = useServices();
	const [ away, setAwayState ] = useState< boolean | null >( null );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );
	const alive = useRef( true );
	useEffect(
		() => () => {
			alive.current = false;
		},
		[]
	);

	/** Grows with each switch: a read begun before it, or while it is saved, must not undo it. */
	const changes = useRef( 0 );
	const saving = useRef( false );

	const read = useCallback( () => {
		const at = changes.current;
		api.getMyStatus().then(
			( s ) => {
				if (
					alive.current &&
					changes.current === at &&
					! saving.current
				) {
					setAwayState( s.away );
				}
			},
			() => undefined // The switch waits for the next read.
		);
	}, [ api ] );
	useEffect( read, [ read ] );

	useChannel(
		useInboxChannel(),
		{
			[ EVENTS.advisorStatus ]: ( e: {
				advisorId?: unknown;
				away?: unknown;
			} ) => {
				if (
					String( e?.advisorId ) === user.id &&
					typeof e.away === 'boolean'
				) {
					setAwayState( e.away );
				}
			},
		},
		read
	);

	const setAway = useCallback(
		( next: boolean ) => {
			changes.current++;
			saving.current = true;
			setBusy( true );
			setError( null );
			setAwayState( next );
			api.setMyStatus( next ).then(
				( s ) => {
					saving.current = false;
					if ( alive.current ) {
						setAwayState( s.away );
						setBusy( false );
					}
				},
				( e: unknown ) => {
					saving.current = false;
					if ( alive.current ) {
						setAwayState( ! next );
						setBusy( false );
						setError( errorMessage( e ) );
					}
				}
			);
		},
		[ api ]
	);

	return { away, busy, error, setAway };
}
