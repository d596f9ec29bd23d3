/**
 * The advisor's composer: Enter sends, Shift+Enter starts a new line (and Enter while
 * an input method is composing does nothing), the Send button does the same.
 */
import { Button, VisuallyHidden } from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import type { FormEvent, KeyboardEvent } from 'react';
import { __, _n, sprintf } from '@wordpress/i18n';
import './index.scss';

/** Same limit as the bridge (contracts LIMITS.messageText; a test keeps them equal). */
export const MAX_REPLY_LENGTH = 4000;

interface Props {
	id: string;
	onSend: ( text: string ) => void;
	/** Shown above the box, e.g. that the conversation is closed. */
	hint?: string | null;
}

export default function ReplyBox( { id, onSend, hint }: Props ) {
	const [ draft, setDraft ] = useState( '' );
	const textarea = useRef< HTMLTextAreaElement >( null );
	const canSend = draft.trim().length > 0 && draft.length <= MAX_REPLY_LENGTH;
	const remaining = MAX_REPLY_LENGTH - draft.length;

	const submit = () => {
		if ( ! canSend ) {
			return;
		}
		onSend( draft );
		setDraft( '' );
		textarea.current?.focus();
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLTextAreaElement > ) => {
		if (
			event.key !== 'Enter' ||
			event.shiftKey ||
			event.nativeEvent.isComposing
		) {
			return;
		}
		event.preventDefault();
		submit();
	};

	const onSubmit = ( event: FormEvent ) => {
		event.preventDefault();
		submit();
	};

	return (
		<form className="handoff-chat-reply" onSubmit={ onSubmit }>
			{ hint && <p className="handoff-chat-reply__hint">{ hint }</p> }
			<VisuallyHidden as="label" htmlFor={ id }>
				{ __( 'Reply', 'handoff-chat' ) }
			</VisuallyHidden>
			<div className="handoff-chat-reply__row">
				<textarea
					id={ id }
					ref={ textarea }
					className="handoff-chat-reply__input"
					rows={ 3 }
					value={ draft }
					placeholder={ __( 'Write a reply…', 'handoff-chat' ) }
					aria-describedby={ `${ id }-help` }
					onChange={ ( e ) => setDraft( e.target.value ) }
					onKeyDown={ onKeyDown }
				/>
				<Button
					variant="primary"
					type="submit"
					disabled={ ! canSend }
					__next40pxDefaultSize
				>
					{ __( 'Send', 'handoff-chat' ) }
				</Button>
			</div>
			<p id={ `${ id }-help` } className="handoff-chat-reply__help">
				{ remaining < 0
					? sprintf(
							/* translators: %d: number of characters over the limit. */
							_n(
								'%d character too long.',
								'%d characters too long.',
								-remaining,
								'handoff-chat'
							),
							-remaining
						)
					: __(
							'Enter to send, Shift+Enter for a new line.',
							'handoff-chat'
						) }
			</p>
		</form>
	);
}
