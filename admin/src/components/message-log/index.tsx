/**
 * The conversation's messages in seq order, then the advisor's unsent replies.
 * role="log": screen readers announce new messages politely. Stays pinned to the
 * bottom unless the advisor scrolled up to read.
 *
 * Long histories are windowed: at most MAX_RENDERED messages are in the DOM. Scrolling
 * near the top reveals older held messages, then asks for older pages (`onLoadOlder`);
 * scrolling back down reveals newer ones. The first visible message stays where it was
 * on screen whatever is added or dropped above it.
 */
import {
	useEffect,
	useLayoutEffect,
	useRef,
	useState,
} from '@wordpress/element';
import { Button, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Message } from '@handoff-chat/contracts';
import type { PendingMessage } from '../../data/use-outbox';
import { visitorPseudonym } from '../../utils/pseudonym';
import MessageBubble, { PendingBubble, sideOf } from '../message-bubble';
import './index.scss';

const PIN_THRESHOLD_PX = 80;
const EDGE_PX = 240;
/** Messages in the DOM when the advisor reads the latest ones. */
export const WINDOW_SIZE = 120;
/** Most messages ever in the DOM while reading up or down. */
export const MAX_RENDERED = 240;
/** Messages revealed per step while scrolling. */
export const STEP = 60;

function authorKey( m: Message ): string {
	return `${ sideOf( m ) }:${ m.author.id ?? '' }`;
}

export function authorLabelOf( m: Message, visitorName?: string ): string {
	switch ( m.author.type ) {
		case 'visitor':
			if ( visitorName ) {
				return visitorName;
			}
			return m.author.id
				? visitorPseudonym( m.author.id )
				: __( 'Visitor', 'handoff-chat' );
		case 'advisor':
			return m.author.name || __( 'Advisor', 'handoff-chat' );
		case 'bot':
			return __( 'Bot', 'handoff-chat' );
	}
	return __( 'System', 'handoff-chat' );
}

/** Index of the first message whose seq is ≥ `seq` (messages are sorted by seq). */
export function indexOfSeq(
	messages: readonly Message[],
	seq: number
): number {
	let lo = 0;
	let hi = messages.length;
	while ( lo < hi ) {
		const mid = ( lo + hi ) >> 1; // eslint-disable-line no-bitwise
		if ( messages[ mid ].seq < seq ) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/** The advisor reply the visitor has seen, if the last one is: where "Seen" goes. */
export function seenReplySeq(
	messages: readonly Message[],
	visitorLastReadSeq: number | undefined
): number | null {
	for ( let i = messages.length - 1; i >= 0; i-- ) {
		const m = messages[ i ];
		if (
			m.author.type === 'advisor' &&
			( m.kind === 'text' || m.kind === 'image' )
		) {
			return ( visitorLastReadSeq ?? 0 ) >= m.seq ? m.seq : null;
		}
	}
	return null;
}

interface Props {
	messages: Message[];
	pending: readonly PendingMessage[];
	onRetry: ( clientId: string ) => void;
	onDiscard: ( clientId: string ) => void;
	/** How the visitor is named (visitorName ?? pseudonym). */
	visitorName?: string;
	/** Highest seq the visitor has seen: "Seen" under the advisor's last reply. */
	visitorLastReadSeq?: number;
	/** Older messages exist on the bridge. */
	hasOlder?: boolean;
	loadingOlder?: boolean;
	onLoadOlder?: () => void;
	/** The message whose quick replies the caller shows as live buttons (flow preview). */
	liveButtonsOf?: string | null;
}

/** The rendered window, by seq so prepending older pages does not move it. */
interface Win {
	/** First rendered seq. */
	from: number;
	/** Last rendered seq; null: down to the latest message (live). */
	to: number | null;
}

export default function MessageLog( {
	messages,
	pending,
	onRetry,
	onDiscard,
	visitorName,
	visitorLastReadSeq,
	hasOlder = false,
	loadingOlder = false,
	onLoadOlder,
	liveButtonsOf = null,
}: Props ) {
	const ref = useRef< HTMLDivElement >( null );
	const pinned = useRef( true );
	const pendingCount = useRef( pending.length );
	const anchor = useRef< { seq: number; top: number } | null >( null );
	const [ win, setWin ] = useState< Win >( () => ( {
		from:
			messages[ Math.max( 0, messages.length - WINDOW_SIZE ) ]?.seq ?? 0,
		to: null,
	} ) );

	let start = indexOfSeq( messages, win.from );
	// Messages older than the window that arrived while at the very top are shown.
	if ( start > 0 && win.from <= messages[ 0 ].seq ) {
		start = 0;
	}
	const end =
		win.to === null
			? messages.length
			: Math.min( messages.length, indexOfSeq( messages, win.to + 1 ) );
	const visible = messages.slice( start, end );
	const live = win.to === null;

	/** Remembers where the first visible message is, to put it back after a change. */
	const keepAnchor = () => {
		const el = ref.current;
		if ( ! el ) {
			return;
		}
		const top = el.getBoundingClientRect().top;
		for ( const li of Array.from(
			el.querySelectorAll< HTMLElement >( '[data-seq]' )
		) ) {
			const r = li.getBoundingClientRect();
			if ( r.bottom > top ) {
				anchor.current = {
					seq: Number( li.dataset.seq ),
					top: r.top - top,
				};
				return;
			}
		}
	};

	useLayoutEffect( () => {
		const el = ref.current;
		if ( ! el ) {
			return;
		}
		const a = anchor.current;
		if ( a ) {
			anchor.current = null;
			const li = el.querySelector< HTMLElement >(
				`[data-seq="${ a.seq }"]`
			);
			if ( li ) {
				const now =
					li.getBoundingClientRect().top -
					el.getBoundingClientRect().top;
				el.scrollTop += now - a.top;
			}
			return;
		}
		// The advisor's own new reply always brings the view down.
		const ownSend = pending.length > pendingCount.current;
		pendingCount.current = pending.length;
		if ( ownSend && ! live ) {
			setWin( { from: win.from, to: null } );
			return;
		}
		if ( pinned.current || ownSend ) {
			el.scrollTop = el.scrollHeight;
			pinned.current = true;
		}
	}, [ messages, pending, win ] ); // eslint-disable-line react-hooks/exhaustive-deps

	// Pinned to the latest: keep the DOM small as messages arrive.
	useEffect( () => {
		if ( live && pinned.current && end - start > MAX_RENDERED ) {
			setWin( {
				from: messages[ messages.length - WINDOW_SIZE ].seq,
				to: null,
			} );
		}
	}, [ live, start, end, messages ] );

	// Older pages arrived while at the top: reveal a step of them.
	const wantOlder = useRef( false );
	useEffect( () => {
		if ( wantOlder.current && start > 0 && ! loadingOlder ) {
			wantOlder.current = false;
			keepAnchor();
			setWin( ( w ) => ( {
				from: messages[ Math.max( 0, start - STEP ) ].seq,
				to: w.to,
			} ) );
		}
	}, [ messages, start, loadingOlder ] );

	// A short history that does not fill the view cannot be scrolled: load older at once.
	useEffect( () => {
		const el = ref.current;
		if (
			el &&
			hasOlder &&
			! loadingOlder &&
			start === 0 &&
			el.scrollHeight <= el.clientHeight + EDGE_PX
		) {
			wantOlder.current = true;
			onLoadOlder?.();
		}
	}, [ hasOlder, loadingOlder, start, messages.length, onLoadOlder ] );

	const onScroll = () => {
		const el = ref.current;
		if ( ! el ) {
			return;
		}
		const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
		pinned.current = live && fromBottom < PIN_THRESHOLD_PX;

		if ( el.scrollTop < EDGE_PX ) {
			if ( start > 0 ) {
				keepAnchor();
				const from = Math.max( 0, start - STEP );
				setWin( {
					from: messages[ from ].seq,
					to:
						end - from > MAX_RENDERED
							? messages[ from + MAX_RENDERED - 1 ].seq
							: win.to,
				} );
			} else if ( hasOlder && ! loadingOlder ) {
				wantOlder.current = true;
				onLoadOlder?.();
			}
		} else if ( ! live && fromBottom < EDGE_PX ) {
			keepAnchor();
			const to = Math.min( messages.length, end + STEP );
			const from = Math.max( start, to - MAX_RENDERED );
			setWin( {
				from: messages[ from ].seq,
				to: to >= messages.length ? null : messages[ to - 1 ].seq,
			} );
		}
	};

	const jumpToLatest = () => {
		pinned.current = true;
		setWin( {
			from:
				messages[ Math.max( 0, messages.length - WINDOW_SIZE ) ]?.seq ??
				0,
			to: null,
		} );
	};

	// Replies confirmed by the bridge show as messages; hide their pending copy.
	const confirmed = new Set(
		messages.map( ( m ) => m.clientId ).filter( Boolean )
	);
	const unsent = pending.filter( ( p ) => ! confirmed.has( p.clientId ) );
	const seenSeq = seenReplySeq( messages, visitorLastReadSeq );

	return (
		<div className="handoff-chat-log-wrap">
			<div
				className="handoff-chat-log"
				role="log"
				aria-label={ __( 'Messages', 'handoff-chat' ) }
				aria-busy={ loadingOlder || undefined }
				// Focusable so keyboard users can scroll the history.
				tabIndex={ 0 }
				ref={ ref }
				onScroll={ onScroll }
			>
				{ ( loadingOlder || ( start === 0 && hasOlder ) ) && (
					<p className="handoff-chat-log__older">
						{ loadingOlder ? (
							<>
								<Spinner />
								{ __(
									'Loading older messages…',
									'handoff-chat'
								) }
							</>
						) : (
							<Button
								variant="link"
								onClick={ () => {
									keepAnchor();
									wantOlder.current = true;
									onLoadOlder?.();
								} }
							>
								{ __( 'Load older messages', 'handoff-chat' ) }
							</Button>
						) }
					</p>
				) }
				{ messages.length === 0 && unsent.length === 0 ? (
					<p className="handoff-chat-log__empty">
						{ __( 'No messages yet.', 'handoff-chat' ) }
					</p>
				) : (
					<ol className="handoff-chat-log__items">
						{ visible.map( ( m, i ) => {
							const prev =
								i > 0
									? visible[ i - 1 ]
									: messages[ start - 1 ];
							return (
								<MessageBubble
									key={ m.id }
									message={ m }
									seen={ m.seq === seenSeq }
									liveButtons={ m.id === liveButtonsOf }
									authorLabel={
										! prev ||
										authorKey( prev ) !== authorKey( m )
											? authorLabelOf( m, visitorName )
											: null
									}
								/>
							);
						} ) }
						{ live &&
							unsent.map( ( p ) => (
								<PendingBubble
									key={ p.clientId }
									item={ p }
									onRetry={ onRetry }
									onDiscard={ onDiscard }
								/>
							) ) }
					</ol>
				) }
			</div>
			{ ! live && (
				<Button
					className="handoff-chat-log__latest"
					variant="primary"
					size="compact"
					onClick={ jumpToLatest }
				>
					{ __( 'Jump to the latest messages', 'handoff-chat' ) }
				</Button>
			) }
		</div>
	);
}
