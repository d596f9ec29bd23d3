/**
 * One message. Text is always rendered as React text (never as HTML): whatever a
 * visitor types shows literally.
 */
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Message } from '@handoff-chat/contracts';
import type { PendingMessage } from '../../data/use-outbox';
import { formatClockTime, formatDateTime } from '../../utils/relative-time';
import { eventLabel } from '../../utils/labels';
import { safeHttpUrl } from '../../utils/safe-url';
import './index.scss';

type Side = 'visitor' | 'advisor' | 'bot' | 'system' | 'note';

export function sideOf( m: Message ): Side {
	if ( m.kind === 'note' ) {
		return 'note';
	}
	if ( m.kind === 'event' || m.author.type === 'system' ) {
		return 'system';
	}
	return m.author.type;
}

interface Props {
	message: Message;
	/** Shown above the bubble when the author changes. */
	authorLabel: string | null;
}

export default function MessageBubble( { message: m, authorLabel }: Props ) {
	const side = sideOf( m );
	if ( side === 'system' ) {
		return (
			<li className="handoff-chat-message is-system">
				<span className="handoff-chat-message__event">
					{ eventLabel( m.meta?.event ) ?? m.text }
				</span>
				<time
					className="handoff-chat-message__time"
					dateTime={ m.createdAt }
					title={ formatDateTime( m.createdAt ) }
				>
					{ formatClockTime( m.createdAt ) }
				</time>
			</li>
		);
	}
	return (
		<li className={ `handoff-chat-message is-${ side }` }>
			{ authorLabel && (
				<span className="handoff-chat-message__author">
					{ authorLabel }
				</span>
			) }
			<div className="handoff-chat-message__bubble">
				{ side === 'note' && (
					<span className="handoff-chat-message__note-label">
						{ __( 'Private note', 'handoff-chat' ) }
					</span>
				) }
				{ m.text && (
					<p className="handoff-chat-message__text">{ m.text }</p>
				) }
				<MessageExtras message={ m } />
			</div>
			<time
				className="handoff-chat-message__time"
				dateTime={ m.createdAt }
				title={ formatDateTime( m.createdAt ) }
			>
				{ formatClockTime( m.createdAt ) }
			</time>
		</li>
	);
}

/** What a bot step showed the visitor besides its text: an image, quick replies. */
function MessageExtras( { message: m }: { message: Message } ) {
	const image = m.meta?.image;
	const imageUrl = safeHttpUrl( image?.url );
	const buttons = m.meta?.buttons ?? [];
	return (
		<>
			{ imageUrl && (
				<img
					className="handoff-chat-message__image"
					src={ imageUrl }
					alt={ image?.alt ?? '' }
					loading="lazy"
				/>
			) }
			{ buttons.length > 0 && (
				<ul
					className="handoff-chat-message__buttons"
					aria-label={ __( 'Quick replies offered', 'handoff-chat' ) }
				>
					{ buttons.map( ( b ) => (
						<li key={ b.id }>{ b.label }</li>
					) ) }
				</ul>
			) }
		</>
	);
}

interface PendingProps {
	item: PendingMessage;
	onRetry: ( clientId: string ) => void;
	onDiscard: ( clientId: string ) => void;
}

/** A reply not yet confirmed by the bridge: "Sending…", or "Not sent" with the reason and a retry. */
export function PendingBubble( { item, onRetry, onDiscard }: PendingProps ) {
	const failed = item.status === 'failed';
	return (
		<li
			className={ `handoff-chat-message is-advisor is-pending${ failed ? ' is-failed' : '' }` }
		>
			<div className="handoff-chat-message__bubble">
				<p className="handoff-chat-message__text">{ item.text }</p>
			</div>
			{ failed ? (
				<div className="handoff-chat-message__failure">
					<span className="handoff-chat-message__status">
						<strong>{ __( 'Not sent', 'handoff-chat' ) }</strong>
						{ item.error && <span> — { item.error }</span> }
					</span>
					<span className="handoff-chat-message__actions">
						<Button
							variant="link"
							onClick={ () => onRetry( item.clientId ) }
						>
							{ __( 'Retry', 'handoff-chat' ) }
						</Button>
						<Button
							variant="link"
							isDestructive
							onClick={ () => onDiscard( item.clientId ) }
						>
							{ __( 'Discard', 'handoff-chat' ) }
						</Button>
					</span>
				</div>
			) : (
				<span className="handoff-chat-message__status">
					{ __( 'Sending…', 'handoff-chat' ) }
				</span>
			) }
		</li>
	);
}
