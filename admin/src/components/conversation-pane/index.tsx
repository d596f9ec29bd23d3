/**
 * The open conversation: header, message log and reply box. Mounted once per
 * conversation (the parent keys it by id).
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Conversation } from '@handoff-chat/contracts';
import { useMessages } from '../../data/use-messages';
import { useOutbox } from '../../data/use-outbox';
import ConversationHeader from '../conversation-header';
import MessageLog from '../message-log';
import ReplyBox from '../reply-box';
import VisitorVariables from '../visitor-variables';
import './index.scss';

interface Props {
	conversationId: string;
	/** The list's copy, shown until the bridge's answer arrives. */
	initial: Conversation | null;
	onBack: () => void;
}

export default function ConversationPane( {
	conversationId,
	initial,
	onBack,
}: Props ) {
	const thread = useMessages( conversationId, initial );
	const outbox = useOutbox( conversationId, thread.receive );
	const headingId = `handoff-chat-heading-${ conversationId }`;
	const { conversation, status, error } = thread;

	if ( ! conversation && error ) {
		return (
			<section className="handoff-chat-conversation is-empty">
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
				<Button variant="secondary" onClick={ onBack }>
					{ __( 'Back to the list', 'handoff-chat' ) }
				</Button>
			</section>
		);
	}

	return (
		<section
			className="handoff-chat-conversation"
			aria-labelledby={ conversation ? headingId : undefined }
		>
			{ conversation && (
				<ConversationHeader
					conversation={ conversation }
					headingId={ headingId }
					onBack={ onBack }
				/>
			) }
			<div className="handoff-chat-conversation__body">
				<div className="handoff-chat-conversation__thread">
					{ error && (
						<Notice
							status="warning"
							isDismissible={ false }
							actions={ [
								{
									label: __( 'Try again', 'handoff-chat' ),
									onClick: thread.catchUp,
								},
							] }
						>
							{ error.message }
						</Notice>
					) }
					{ status === 'loading' ? (
						<div className="handoff-chat-conversation__loading">
							<Spinner />
							<span>
								{ __( 'Loading messages…', 'handoff-chat' ) }
							</span>
						</div>
					) : (
						<MessageLog
							messages={ thread.messages }
							pending={ outbox.pending }
							onRetry={ outbox.retry }
							onDiscard={ outbox.discard }
						/>
					) }
					<ReplyBox
						id={ `handoff-chat-reply-${ conversationId }` }
						onSend={ outbox.send }
						hint={
							conversation?.state === 'closed'
								? __(
										'This conversation is closed.',
										'handoff-chat'
									)
								: null
						}
					/>
				</div>
				<VisitorVariables conversationId={ conversationId } />
			</div>
		</section>
	);
}
