/**
 * The visitor panel's data: who the visitor is (first/last seen, sessions, browser,
 * online) and their variables, read over HTTP and again whenever the conversation is
 * updated (a bot turn, a transfer, a colleague's edit) and after each resubscription.
 * Edits go through PUT …/variables. Tells the licence gate what the bridge hid.
 */
import { useCallback, useRef, useState } from '@wordpress/element';
import { conversationChannel, EVENTS } from '@handoff-chat/contracts/channels';
import type {
	Conversation,
	VisitorDetails,
	VisitorVariable,
} from '@handoff-chat/contracts';
import { useServices } from './services';
import { useLicence } from './use-licence';
import { useInboxChannel } from './use-advisor-self';
import { useChannel, useRealtimeSiteId } from './use-realtime';
import {
	useCoalescedRefresh,
	useReadStatus,
	useWhileMounted,
	type ResourceStatus,
} from './use-resource';

export interface VisitorState {
	visitor: VisitorDetails | null;
	variables: VisitorVariable[];
	/** The bridge hid the variables (an advisor without a licence). */
	hidden: boolean;
	status: ResourceStatus;
	error: Error | null;
	refresh: () => void;
	/** Sets (a string) or deletes (null) variables; rejects with the bridge's error. */
	save: ( changes: Record< string, string | null > ) => Promise< void >;
}

export function useVisitor( conversationId: string ): VisitorState {
	const { api } = useServices();
	const licence = useLicence();
	const siteId = useRealtimeSiteId();
	const inbox = useInboxChannel();
	const [ visitor, setVisitor ] = useState< VisitorDetails | null >( null );
	const [ variables, setVariables ] = useState< VisitorVariable[] >( [] );
	const [ hidden, setHidden ] = useState( false );
	const { status, error, ready, fail } = useReadStatus();
	const alive = useRef( true );
	const report = useRef( licence.report );
	report.current = licence.report;

	const pass = useCallback( async () => {
		const r = await api.getVisitor( conversationId );
		if ( ! alive.current ) {
			return;
		}
		setVisitor( r.visitor );
		setVariables( r.variables );
		setHidden( r.variablesHidden );
		report.current( r );
		ready();
	}, [ api, conversationId, ready ] );
	const refresh = useCoalescedRefresh( alive, { pass, fail } );
	useWhileMounted( alive, refresh );

	const save = useCallback(
		async ( changes: Record< string, string | null > ) => {
			try {
				const list = await api.putVariables( conversationId, changes );
				if ( alive.current ) {
					setVariables( list );
				}
			} catch ( e ) {
				report.current( e as Error );
				throw e;
			}
		},
		[ api, conversationId ]
	);

	// Both channels announce the same update: one fetch per change is enough. A
	// variables edit publishes an update without a new updatedAt, hence the time too.
	const seen = useRef( { updatedAt: '', at: 0 } );
	const onUpdated = ( data: { conversation?: Conversation } ) => {
		const c = data?.conversation;
		if ( c?.id !== conversationId ) {
			return;
		}
		const now = Date.now();
		if (
			c.updatedAt !== seen.current.updatedAt ||
			now - seen.current.at > 1000
		) {
			seen.current = { updatedAt: c.updatedAt, at: now };
			refresh();
		}
	};
	useChannel(
		siteId ? conversationChannel( siteId, conversationId ) : null,
		{ [ EVENTS.conversationUpdated ]: onUpdated },
		refresh
	);
	useChannel( inbox, { [ EVENTS.conversationUpdated ]: onUpdated }, refresh );

	return { visitor, variables, hidden, status, error, refresh, save };
}
