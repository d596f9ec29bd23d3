/**
 * Advisors online now, from the presence channel (`presence-advisors-<siteId>`): its
 * member list on subscription, then members joining and leaving. Identities come from
 * the bridge's channel authorisation, never from other clients. The bridge refuses the
 * channel to advisors without a licence: they do not ask.
 */
import { useEffect, useState } from '@wordpress/element';
import { advisorsPresenceChannel } from '@handoff-chat/contracts/channels';
import { useAdvisorSelf } from './use-advisor-self';
import { useChannel, useRealtimeSiteId } from './use-realtime';

export interface Colleague {
	id: string;
	name: string;
	avatar: string | null;
}

interface RawMember {
	id?: unknown;
	info?: { name?: unknown; avatar?: unknown } | null;
}

function toColleague( m: RawMember | null | undefined ): Colleague | null {
	if ( ! m || ( typeof m.id !== 'string' && typeof m.id !== 'number' ) ) {
		return null;
	}
	return {
		id: String( m.id ),
		name: typeof m.info?.name === 'string' ? m.info.name : '',
		avatar:
			typeof m.info?.avatar === 'string' && m.info.avatar
				? m.info.avatar
				: null,
	};
}

/** pusher-js hands a Members object (`each`); tests and other drivers may hand a plain map. */
function membersOf( members: unknown ): Colleague[] {
	const out: Colleague[] = [];
	const m = members as {
		each?: ( cb: ( member: RawMember ) => void ) => void;
		members?: Record< string, RawMember[ 'info' ] >;
	};
	if ( m && typeof m.each === 'function' ) {
		m.each( ( member ) => {
			const c = toColleague( member );
			if ( c ) {
				out.push( c );
			}
		} );
	} else if ( m?.members ) {
		for ( const [ id, info ] of Object.entries( m.members ) ) {
			const c = toColleague( { id, info } );
			if ( c ) {
				out.push( c );
			}
		}
	}
	return out;
}

export function useColleagues(): Colleague[] {
	const siteId = useRealtimeSiteId();
	const licensed = useAdvisorSelf()?.self?.advisor.licensed !== false;
	const [ list, setList ] = useState< Colleague[] >( [] );

	useEffect( () => {
		if ( ! licensed ) {
			setList( [] );
		}
	}, [ licensed ] );

	useChannel(
		siteId && licensed ? advisorsPresenceChannel( siteId ) : null,
		{
			'pusher:subscription_succeeded': ( members: unknown ) =>
				setList( membersOf( members ) ),
			'pusher:member_added': ( member: RawMember ) => {
				const c = toColleague( member );
				if ( c ) {
					setList( ( cur ) => [
						...cur.filter( ( x ) => x.id !== c.id ),
						c,
					] );
				}
			},
			'pusher:member_removed': ( member: RawMember ) => {
				const c = toColleague( member );
				if ( c ) {
					setList( ( cur ) => cur.filter( ( x ) => x.id !== c.id ) );
				}
			},
		},
		() => undefined
	);
	return list;
}
