/**
 * The Advisors screen's data (site managers): WordPress's full sync when the screen opens
 * (so everyone who can answer is listed, even if they never opened the inbox), the
 * bridge's list when that sync fails, and every change followed by a fresh read of the
 * list, so the licence count is the bridge's own.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type {
	AdvisorRecord,
	AdvisorsListResponse,
	LicenceCount,
	PatchAdvisorBody,
} from '@handoff-chat/contracts';
import type { HandoffChatAdvisorInvitation } from '../global';
import { useServices } from './services';
import type { ResourceStatus } from './use-resource';

export interface AdvisorsAdminState {
	status: ResourceStatus;
	/** Why nothing could be read (the sync and the bridge both failed). */
	error: Error | null;
	/** WordPress could not sync: the list shown is the bridge's, maybe incomplete. */
	syncError: Error | null;
	advisors: AdvisorRecord[];
	licences: LicenceCount | null;
	/** Sync again (Retry). */
	reload: () => void;
	/** Throws the bridge's error (409 `quota_full`, 400 with field details). */
	patch: ( id: string, body: PatchAdvisorBody ) => Promise< AdvisorRecord >;
	invite: (
		email: string,
		name?: string
	) => Promise< HandoffChatAdvisorInvitation >;
	remove: ( id: string ) => Promise< void >;
	setAvatar: ( id: string, attachmentId: number | null ) => Promise< void >;
}

export function useAdvisorsAdmin(): AdvisorsAdminState {
	const { api } = useServices();
	const [ status, setStatus ] = useState< ResourceStatus >( 'loading' );
	const [ error, setError ] = useState< Error | null >( null );
	const [ syncError, setSyncError ] = useState< Error | null >( null );
	const [ list, setList ] = useState< AdvisorsListResponse | null >( null );
	const alive = useRef( true );
	// Each read or applied answer takes a number; an older read's answer is dropped.
	const seq = useRef( 0 );

	const take = useCallback( ( n: number, r: AdvisorsListResponse ) => {
		if ( ! alive.current || n !== seq.current ) {
			return;
		}
		setList( r );
		setStatus( 'ready' );
		setError( null );
	}, [] );

	/** The bridge's list again; a failure keeps what is shown. */
	const reread = useCallback( () => {
		const n = ++seq.current;
		return api.getAdvisors().then(
			( r ) => take( n, r ),
			() => undefined
		);
	}, [ api, take ] );

	const reload = useCallback( () => {
		const n = ++seq.current;
		setStatus( ( s ) => ( s === 'error' ? 'loading' : s ) );
		api.syncAdvisors().then(
			( r ) => {
				if ( alive.current ) {
					setSyncError( null );
				}
				take( n, r );
			},
			( syncFailed: Error ) => {
				if ( ! alive.current ) {
					return;
				}
				setSyncError( syncFailed );
				api.getAdvisors().then(
					( r ) => take( n, r ),
					( e: Error ) => {
						if ( alive.current && n === seq.current ) {
							setError( e );
							setStatus( ( s ) =>
								s === 'ready' ? s : 'error'
							);
						}
					}
				);
			}
		);
	}, [ api, take ] );

	useEffect( () => {
		alive.current = true;
		reload();
		return () => {
			alive.current = false;
		};
	}, [ reload ] );

	// Someone else may have changed licences meanwhile: read again when the tab comes back.
	useEffect( () => {
		const onVisible = () => {
			if ( document.visibilityState === 'visible' ) {
				reread();
			}
		};
		document.addEventListener( 'visibilitychange', onVisible );
		return () =>
			document.removeEventListener( 'visibilitychange', onVisible );
	}, [ reread ] );

	const patch = useCallback(
		async ( id: string, body: PatchAdvisorBody ) => {
			try {
				const r = await api.patchAdvisor( id, body );
				// Newer than any read under way.
				++seq.current;
				setList( ( cur ) =>
					cur
						? {
								advisors: cur.advisors.map( ( a ) =>
									a.id === id ? r.advisor : a
								),
								licences: r.licences,
							}
						: cur
				);
				return r.advisor;
			} finally {
				// Refused or not, the bridge's count is what the screen shows.
				void reread();
			}
		},
		[ api, reread ]
	);

	const invite = useCallback(
		async ( email: string, name?: string ) => {
			const r = await api.inviteAdvisor( { email, name } );
			if ( r.advisor ) {
				void reread();
			} else {
				// WordPress could not tell the bridge: its full sync does.
				reload();
			}
			return r;
		},
		[ api, reread, reload ]
	);

	const remove = useCallback(
		async ( id: string ) => {
			try {
				await api.removeAdvisor( id );
			} finally {
				void reread();
			}
		},
		[ api, reread ]
	);

	const setAvatar = useCallback(
		async ( id: string, attachmentId: number | null ) => {
			const avatar = await api.setAdvisorAvatar( id, attachmentId );
			++seq.current;
			setList( ( cur ) =>
				cur
					? {
							...cur,
							advisors: cur.advisors.map( ( a ) =>
								a.id === id ? { ...a, avatar } : a
							),
						}
					: cur
			);
			void reread();
		},
		[ api, reread ]
	);

	return {
		status,
		error,
		syncError,
		advisors: list?.advisors ?? [],
		licences: list?.licences ?? null,
		reload,
		patch,
		invite,
		remove,
		setAvatar,
	};
}
