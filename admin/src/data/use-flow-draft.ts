/**
 * One flow being edited: loaded from the bridge, changed through the draft reducer,
 * checked with the contract's `validateFlow` a moment after each change, saved with
 * `PUT /v1/flows/:id`. The bridge's own issues (400 `error.details`) are shown the same
 * way until the next change. The page warns before unloading unsaved changes.
 */
import {
	useCallback,
	useEffect,
	useMemo,
	useReducer,
	useRef,
	useState,
} from '@wordpress/element';
import {
	validateFlow,
	type Flow,
	type FlowIssue,
} from '@handoff-chat/contracts';
import { flowIssuesOf } from '../api';
import { flowDraftReducer, type FlowDraftAction } from '../utils/flow-draft';
import { useServices } from './services';

export const VALIDATE_DELAY_MS = 250;

type Holder = { flow: Flow | null };

function holderReducer( state: Holder, action: FlowDraftAction ): Holder {
	if ( action.type === 'load' ) {
		return { flow: action.flow };
	}
	if ( ! state.flow ) {
		return state;
	}
	const flow = flowDraftReducer( state.flow, action );
	return flow === state.flow ? state : { flow };
}

export interface FlowDraftState {
	status: 'loading' | 'ready' | 'error';
	loadError: Error | null;
	draft: Flow | null;
	dispatch: ( action: FlowDraftAction ) => void;
	/** The browser's checks, then the bridge's from the last failed save. */
	issues: FlowIssue[];
	/** False until the delayed check of the latest change ran. */
	checked: boolean;
	/** The draft as of the last check: what the preview plays (not re-parsed on every keystroke). */
	settled: Flow | null;
	dirty: boolean;
	saving: boolean;
	saveError: Error | null;
	/** Increments on each successful save (for the "saved" notice). */
	saves: number;
	save: () => Promise< boolean >;
}

const same = ( a: Flow | null, b: Flow | null ) =>
	JSON.stringify( a ) === JSON.stringify( b );

const sameIssues = ( a: FlowIssue[], b: FlowIssue[] ) =>
	a.length === b.length &&
	a.every(
		( x, i ) => x.path === b[ i ].path && x.message === b[ i ].message
	);

export function useFlowDraft( id: string ): FlowDraftState {
	const { api } = useServices();
	const [ { flow: draft }, dispatch ] = useReducer( holderReducer, {
		flow: null,
	} );
	const [ saved, setSaved ] = useState< Flow | null >( null );
	const [ status, setStatus ] =
		useState< FlowDraftState[ 'status' ] >( 'loading' );
	const [ loadError, setLoadError ] = useState< Error | null >( null );
	const [ localIssues, setLocalIssues ] = useState< FlowIssue[] >( [] );
	const [ checkedDraft, setCheckedDraft ] = useState< Flow | null >( null );
	const [ bridgeIssues, setBridgeIssues ] = useState< {
		for: Flow | null;
		issues: FlowIssue[];
	} >( { for: null, issues: [] } );
	const [ saving, setSaving ] = useState( false );
	const [ saveError, setSaveError ] = useState< Error | null >( null );
	const [ saves, setSaves ] = useState( 0 );
	const latest = useRef< Flow | null >( null );
	latest.current = draft;

	useEffect( () => {
		let alive = true;
		setStatus( 'loading' );
		api.getFlow( id ).then(
			( r ) => {
				if ( alive ) {
					dispatch( { type: 'load', flow: r.flow } );
					setSaved( r.flow );
					setStatus( 'ready' );
				}
			},
			( e: Error ) => {
				if ( alive ) {
					setLoadError( e );
					setStatus( 'error' );
				}
			}
		);
		return () => {
			alive = false;
		};
	}, [ api, id ] );

	// The contract's checks, a moment after the last keystroke.
	useEffect( () => {
		if ( ! draft ) {
			return undefined;
		}
		const timer = setTimeout( () => {
			const next = validateFlow( draft ).issues;
			setLocalIssues( ( cur ) =>
				sameIssues( cur, next ) ? cur : next
			);
			setCheckedDraft( draft );
		}, VALIDATE_DELAY_MS );
		return () => clearTimeout( timer );
	}, [ draft ] );

	const dirty = useMemo(
		() => !! draft && ! same( draft, saved ),
		[ draft, saved ]
	);

	useEffect( () => {
		if ( ! dirty ) {
			return undefined;
		}
		const warn = ( e: BeforeUnloadEvent ) => {
			e.preventDefault();
			// Older browsers need returnValue set to show their dialog.
			e.returnValue = '';
		};
		window.addEventListener( 'beforeunload', warn );
		return () => window.removeEventListener( 'beforeunload', warn );
	}, [ dirty ] );

	const save = useCallback( async (): Promise< boolean > => {
		const sent = latest.current;
		if ( ! sent ) {
			return false;
		}
		const checked = validateFlow( sent );
		setLocalIssues( ( cur ) =>
			sameIssues( cur, checked.issues ) ? cur : checked.issues
		);
		setCheckedDraft( sent );
		if ( ! checked.flow ) {
			return false;
		}
		setSaving( true );
		setSaveError( null );
		try {
			const r = await api.putFlow( sent );
			setSaved( r.flow );
			setBridgeIssues( { for: null, issues: [] } );
			// The bridge's copy (texts trimmed) replaces the draft unless it changed meanwhile.
			if ( latest.current === sent ) {
				dispatch( { type: 'load', flow: r.flow } );
			}
			setSaves( ( n ) => n + 1 );
			return true;
		} catch ( e ) {
			setSaveError( e as Error );
			setBridgeIssues( { for: sent, issues: flowIssuesOf( e ) } );
			return false;
		} finally {
			setSaving( false );
		}
	}, [ api ] );

	// The bridge's issues were about the draft it refused: any change may fix them.
	useEffect( () => {
		if ( bridgeIssues.for && bridgeIssues.for !== draft ) {
			setBridgeIssues( { for: null, issues: [] } );
		}
	}, [ draft, bridgeIssues ] );

	// A stable array while nothing changed: every field reads it, and a keystroke must not re-render them all.
	const issues = useMemo( () => {
		const seen = new Set(
			localIssues.map( ( i ) => `${ i.path }\n${ i.message }` )
		);
		return [
			...localIssues,
			...bridgeIssues.issues.filter(
				( i ) => ! seen.has( `${ i.path }\n${ i.message }` )
			),
		];
	}, [ localIssues, bridgeIssues.issues ] );

	return {
		status,
		loadError,
		draft,
		dispatch,
		issues,
		checked: checkedDraft === draft,
		settled: checkedDraft,
		dirty,
		saving,
		saveError,
		saves,
		save,
	};
}
