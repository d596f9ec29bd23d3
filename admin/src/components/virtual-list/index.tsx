/**
 * A windowed list with a fixed row height: only the rows in view (plus `overscan` on
 * each side) are in the DOM, so 100,000 items scroll as smoothly as 20. It is its own
 * scroll container; rows carry aria-setsize/aria-posinset so assistive technologies
 * still know the list's length. `onEndReached` fires when the window nears the end.
 */
import {
	forwardRef,
	useCallback,
	useEffect,
	useImperativeHandle,
	useLayoutEffect,
	useRef,
	useState,
} from '@wordpress/element';
import type { KeyboardEvent, ReactNode, Ref } from 'react';
import { nearEnd, scrollToReveal, windowRange } from '../../utils/windowing';
import './index.scss';

/** jsdom and hidden panes measure 0: render a screenful anyway. */
const FALLBACK_HEIGHT = 800;

export interface VirtualListHandle {
	/** Scrolls just enough to show the row, then focuses its first focusable element. */
	focusIndex: ( index: number ) => void;
	scrollToIndex: ( index: number ) => void;
}

interface Props< T > {
	items: readonly T[];
	rowHeight: number;
	overscan?: number;
	getKey: ( item: T ) => string;
	renderRow: ( item: T, index: number ) => ReactNode;
	label: string;
	className?: string;
	onEndReached?: () => void;
	/** Rows from the end at which onEndReached fires. */
	endThreshold?: number;
	onKeyDown?: ( event: KeyboardEvent< HTMLUListElement > ) => void;
	/** After the rows, inside the scroll container (a "Load more" button). */
	footer?: ReactNode;
}

function VirtualListInner< T >(
	{
		items,
		rowHeight,
		overscan = 6,
		getKey,
		renderRow,
		label,
		className = '',
		onEndReached,
		endThreshold = 5,
		onKeyDown,
		footer,
	}: Props< T >,
	ref: Ref< VirtualListHandle >
) {
	const scroller = useRef< HTMLDivElement >( null );
	const [ scrollTop, setScrollTop ] = useState( 0 );
	const [ height, setHeight ] = useState( 0 );
	const pendingFocus = useRef< number | null >( null );

	useLayoutEffect( () => {
		const el = scroller.current;
		if ( ! el ) {
			return undefined;
		}
		setHeight( el.clientHeight );
		if ( typeof ResizeObserver === 'undefined' ) {
			return undefined;
		}
		const ro = new ResizeObserver( () => setHeight( el.clientHeight ) );
		ro.observe( el );
		return () => ro.disconnect();
	}, [] );

	const viewport = height || FALLBACK_HEIGHT;
	const range = windowRange( {
		scrollTop,
		viewportHeight: viewport,
		rowHeight,
		count: items.length,
		overscan,
	} );

	const endRef = useRef( onEndReached );
	endRef.current = onEndReached;
	const reachedEnd = nearEnd( range, items.length, endThreshold );
	useEffect( () => {
		if ( reachedEnd ) {
			endRef.current?.();
		}
	}, [ reachedEnd, items.length ] );

	const scrollToIndex = useCallback(
		( index: number ) => {
			const el = scroller.current;
			if ( ! el ) {
				return;
			}
			const next = scrollToReveal(
				index,
				rowHeight,
				el.scrollTop,
				el.clientHeight || FALLBACK_HEIGHT
			);
			if ( next !== el.scrollTop ) {
				el.scrollTop = next;
				setScrollTop( next );
			}
		},
		[ rowHeight ]
	);

	const focusRow = ( index: number ) => {
		const row = scroller.current?.querySelector< HTMLElement >(
			`[data-index="${ index }"]`
		);
		const target =
			row?.querySelector< HTMLElement >( 'button, a, [tabindex]' ) ?? row;
		if ( target ) {
			target.focus();
			return true;
		}
		return false;
	};

	useImperativeHandle( ref, () => ( {
		scrollToIndex,
		focusIndex( index: number ) {
			scrollToIndex( index );
			if ( ! focusRow( index ) ) {
				// Not rendered yet: focus it after the next render.
				pendingFocus.current = index;
			}
		},
	} ) );

	useLayoutEffect( () => {
		if (
			pendingFocus.current !== null &&
			focusRow( pendingFocus.current )
		) {
			pendingFocus.current = null;
		}
	} );

	const rows: ReactNode[] = [];
	for ( let i = range.start; i < range.end; i++ ) {
		const item = items[ i ];
		rows.push(
			<li
				key={ getKey( item ) }
				className="handoff-chat-vlist__row"
				data-index={ i }
				aria-setsize={ items.length }
				aria-posinset={ i + 1 }
				style={ { top: i * rowHeight, height: rowHeight } }
			>
				{ renderRow( item, i ) }
			</li>
		);
	}

	return (
		<div
			className={ `handoff-chat-vlist ${ className }` }
			ref={ scroller }
			onScroll={ ( e ) => setScrollTop( e.currentTarget.scrollTop ) }
		>
			{ /* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- arrow keys move between its buttons. */ }
			<ul
				className="handoff-chat-vlist__items"
				aria-label={ label }
				style={ { height: range.total } }
				onKeyDown={ onKeyDown }
			>
				{ rows }
			</ul>
			{ footer }
		</div>
	);
}

const VirtualList = forwardRef( VirtualListInner ) as < T >(
	props: Props< T > & { ref?: Ref< VirtualListHandle > }
) => ReturnType< typeof VirtualListInner >;

export default VirtualList;
