/**
 * One message. Text is always rendered as React text (never as HTML): whatever a
 * visitor types shows literally. Bot steps show what the visitor was offered (quick
 * replies, the question's type, images); events are centred lines; notes are yellow.
 */
import { Button } from '@wordpress/components';
import { useContext } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Message } from '@handoff-chat/contracts';
import type { PendingMessage } from '../../data/use-outbox';
import { answerTypeLabel } from '../../utils/flow-labels';
import { formatClockTime, formatDateTime } from '../../utils/relative-time';
import { ServicesContext } from '../../data/services';
import { eventLabel } from '../../utils/labels';
import { messageImageUrl } from '../../utils/safe-url';
import './index.scss';

/** When a message was sent: the clock time, the full date on hover. */
function MessageTime( { at }: { at: string } ) {
	return (
		<time
			className="handoff-chat-message__time"
			dateTime={ at }
			title={ formatDateTime( at ) }
		>
			{ formatClockTime( at ) }
		</time>
	);
}

/** A small robot head beside the bot's name. */
function BotAvatar() {
	return (
		<svg
			className="handoff-chat-message__avatar"
			viewBox="0 0 24 24"
			width="18"
			height="18"
			aria-hidden="true"
			focusable="false"
		>
			<rect
				x="4"
				y="7"
				width="16"
				height="12"
				rx="3"
				fill="currentColor"
			/>
			<rect x="11" y="3" width="2" height="4" fill="currentColor" />
			<circle cx="12" cy="3" r="1.5" fill="currentColor" />
			<circle cx="9" cy="12.5" r="1.6" fill="#fff" />
			<circle cx="15" cy="12.5" r="1.6" fill="#fff" />
			<rect x="9" y="15.5" width="6" height="1.4" rx="0.7" fill="#fff" />
		</svg>
	);
}

type Side = 'visitor' | 'advisor' | 'bot' | 'system' | 'note';

export function sideOf( m: Message ): Side {
	if ( m.kind === 'note' ) {
		return 'note';
	}
	if ( m.kind === 'event' || m.meta?.event || m.author.type === 'system' ) {
		return 'system';
	}
	return m.author.type;
}

interface Props {
	message: Message;
	/** Shown above the bubble when the author changes. */
	authorLabel: string | null;
	/** The visitor has seen this reply (read receipt). */
	seen?: boolean;
	/** Its quick replies are shown as live buttons elsewhere (flow preview): no chips. */
	liveButtons?: boolean;
}

export default function MessageBubble( {
	message: m,
	authorLabel,
	seen = false,
	liveButtons = false,
}: Props ) {
	const side = sideOf( m );
	if ( side === 'system' ) {
		return (
			<li className="handoff-chat-message is-system" data-seq={ m.seq }>
				<span className="handoff-chat-message__event">
					{ eventLabel( m.meta?.event, m.meta ) ?? m.text }
				</span>
				<MessageTime at={ m.createdAt } />
			</li>
		);
	}
	return (
		<li
			className={ `handoff-chat-message is-${ side }${
				m.kind === 'image' && m.meta?.image ? ' has-image' : ''
			}` }
			data-seq={ m.seq }
		>
			{ authorLabel && (
				<span className="handoff-chat-message__author">
					{ m.author.type === 'bot' && <BotAvatar /> }
					{ authorLabel }
				</span>
			) }
			<div className="handoff-chat-message__bubble">
				{ side === 'note' && (
					<span className="handoff-chat-message__note-label">
						{ __( 'Note', 'handoff-chat' ) }
					</span>
				) }
				{ m.text && m.kind !== 'image' && (
					<p className="handoff-chat-message__text">{ m.text }</p>
				) }
				<MessageExtras message={ m } liveButtons={ liveButtons } />
				{ /* What a person typed with their image (a bot image's text is its alt). */ }
				{ m.text &&
					m.kind === 'image' &&
					( m.author.type === 'visitor' ||
						m.author.type === 'advisor' ) && (
						<p className="handoff-chat-message__text">{ m.text }</p>
					) }
			</div>
			<MessageTime at={ m.createdAt } />
			{ seen && (
				<span className="handoff-chat-message__seen">
					{ __( 'Seen', 'handoff-chat' ) }
				</span>
			) }
		</li>
	);
}

/** What a bot step showed the visitor besides its text: an image, quick replies, a question. */
function MessageExtras( {
	message: m,
	liveButtons,
}: {
	message: Message;
	liveButtons: boolean;
} ) {
	const meta = m.meta;
	const image = meta?.image;
	const bridgeUrl = useContext( ServicesContext )?.bridgeUrl;
	const imageUrl = messageImageUrl( image?.url, bridgeUrl );
	const buttons = liveButtons ? [] : ( meta?.buttons ?? [] );
	const question = meta?.question;
	return (
		<>
			{ image &&
				( imageUrl ? (
					<img
						className="handoff-chat-message__image"
						src={ imageUrl }
						alt={ image.alt ?? '' }
						loading="lazy"
					/>
				) : (
					<p className="handoff-chat-message__hint">
						{ __(
							'Image not shown: its address is not allowed.',
							'handoff-chat'
						) }
						{ image.alt ? ` (${ image.alt })` : '' }
					</p>
				) ) }
			{ buttons.length > 0 && (
				<ul
					className="handoff-chat-message__buttons"
					aria-label={ __( 'Quick replies offered', 'handoff-chat' ) }
				>
					{ buttons.map( ( b ) => (
						<li key={ b.id } title={ b.url ?? undefined }>
							{ b.label }
							{ b.url && (
								<span className="handoff-chat-message__link-mark">
									{ ' ↗' }
									<span className="screen-reader-text">
										{ __( '(link)', 'handoff-chat' ) }
									</span>
								</span>
							) }
						</li>
					) ) }
				</ul>
			) }
			{ question && (
				<p className="handoff-chat-message__hint">
					{ meta?.invalid
						? __(
								'Asked again: the answer was not valid.',
								'handoff-chat'
							) + ' '
						: '' }
					{ sprintf(
						/* translators: 1: kind of answer expected, e.g. Email address; 2: variable name, e.g. {{PRENOM}}. */
						__( 'Expects: %1$s, kept in %2$s', 'handoff-chat' ),
						answerTypeLabel( question.answerType ),
						`{{${ question.variable }}}`
					) }
				</p>
			) }
			{ meta?.pressed && (
				<p className="handoff-chat-message__hint">
					{ __( 'Pressed a button', 'handoff-chat' ) }
				</p>
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
	const note = item.kind === 'note';
	return (
		<li
			className={ `handoff-chat-message ${ note ? 'is-note' : 'is-advisor' } is-pending${ failed ? ' is-failed' : '' }${
				item.kind === 'image' && item.previewUrl ? ' has-image' : ''
			}` }
		>
			<div className="handoff-chat-message__bubble">
				{ note && (
					<span className="handoff-chat-message__note-label">
						{ __( 'Note', 'handoff-chat' ) }
					</span>
				) }
				{ item.kind === 'image' &&
					( item.previewUrl ? (
						<img
							className="handoff-chat-message__image"
							src={ item.previewUrl }
							alt={ item.text || item.file?.name || '' }
						/>
					) : (
						<p className="handoff-chat-message__text">
							{ item.file?.name ?? __( 'Image', 'handoff-chat' ) }
						</p>
					) ) }
				{ item.text && (
					<p className="handoff-chat-message__text">{ item.text }</p>
				) }
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
