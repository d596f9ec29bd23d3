/**
 * The conversation's messages in seq order, then the advisor's unsent replies.
 * role="log": screen readers announce new messages politely. Stays pinned to the
 * bottom unless the advisor scrolled up to read.
 */
import { useLayoutEffect, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { Message } from '@handoff-chat/contracts';
import type { PendingMessage } from '../../data/use-outbox';
import { visitorPseudonym } from '../../utils/pseudonym';
import MessageBubble, { PendingBubble, sideOf } from '../message-bubble';
import './index.scss';

const PIN_THRESHOLD_PX = 80;

function authorKey( m: Message ): string {
	return `${ sideOf( m ) }:${ m.author.id ?? '' }`;
}

export function authorLabelOf( m: Message ): string {
	switch ( m.author.type ) {
		case 'visitor':
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

interface Props {
	messages: Message[];
	pending: PendingMessage[];
	onRetry: ( clientId: string ) => void;
	onDiscard: ( clientId: string ) => void;
}

export default function MessageLog( {
	messages,
	pending,
	onRetry,
	onDiscard,
}: Props ) {
	const ref = useRef< HTMLDivElement >( null );
	const pinned = useRef( true );
	const pendingCount = useRef( pending.length );

	useLayoutEffect( () => {
		const el = ref.current;
		// The advisor's own new reply always brings the view down.
		const ownSend = pending.length > pendingCount.current;
		pendingCount.current = pending.length;
		if ( el && ( pinned.current || ownSend ) ) {
			el.scrollTop = el.scrollHeight;
			pinned.current = true;
		}
	}, [ messages, pending ] );

	const onScroll = () => {
		const el = ref.current;
		if ( el ) {
			pinned.current =
				el.scrollHeight - el.scrollTop - el.clientHeight <
				PIN_THRESHOLD_PX;
		}
	};

	// Replies confirmed by the bridge show as messages; hide their pending copy.
	const confirmed = new Set(
		messages.map( ( m ) => m.clientId ).filter( Boolean )
	);
	const unsent = pending.filter( ( p ) => ! confirmed.has( p.clientId ) );

	return (
		<div
			className="handoff-chat-log"
			role="log"
			aria-label={ __( 'Messages', 'handoff-chat' ) }
			// Focusable so keyboard users can scroll the history.
			tabIndex={ 0 }
			ref={ ref }
			onScroll={ onScroll }
		>
			{ messages.length === 0 && unsent.length === 0 ? (
				<p className="handoff-chat-log__empty">
					{ __( 'No messages yet.', 'handoff-chat' ) }
				</p>
			) : (
				<ol className="handoff-chat-log__items">
					{ messages.map( ( m, i ) => (
						<MessageBubble
							key={ m.id }
							message={ m }
							authorLabel={
								i === 0 ||
								authorKey( messages[ i - 1 ] ) !==
									authorKey( m )
									? authorLabelOf( m )
									: null
							}
						/>
					) ) }
					{ unsent.map( ( p ) => (
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
	);
}
