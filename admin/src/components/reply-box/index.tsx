/**
 * The advisor's composer: Enter sends, Shift+Enter starts a new line (and Enter while
 * an input method is composing does nothing), the Send button does the same.
 *
 * Also: the "Leave a note" switch (the box turns yellow; notes never reach the visitor),
 * images (attach button, paste, drag and drop; checked before upload), canned responses
 * (`/` opens a filtered list; arrows choose, Enter or Tab inserts, Escape closes) and
 * typing signals.
 */
import { Button, VisuallyHidden } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import type { FormEvent, KeyboardEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';
import type { CannedResponse } from '@handoff-chat/contracts';
import CannedList from './canned-list';
import { AttachButton, AttachmentPreview } from './image-attachment';
import NoteSwitch from './note-switch';
import { replyHelp } from './reply-help';
import { useCannedCompletion } from './use-canned-completion';
import { useImageAttachment } from './use-image-attachment';
import './index.scss';

/** Same limit as the bridge (contracts LIMITS.messageText; a test keeps them equal). */
export const MAX_REPLY_LENGTH = 4000;

interface Props {
	id: string;
	onSend: ( text: string ) => void;
	/** Shown above the box, e.g. that the conversation is closed. */
	hint?: string | null;
	/** Note mode (controlled: Alt+N switches it too). */
	note?: boolean;
	onNoteChange?: ( note: boolean ) => void;
	/** Absent: no note switch. */
	onSendNote?: ( text: string ) => void;
	/** Why notes are unavailable (no licence): shown instead of the switch. */
	notesUnavailable?: string | null;
	/** Absent: no image attachment. */
	onSendImage?: ( file: File, caption: string ) => void;
	/** Called as the advisor types a reply (not a note); the caller throttles. */
	onTyping?: () => void;
	canned?: readonly CannedResponse[];
	/**
	 * The visitor is away and left this address: replies (not notes) go out by email, and
	 * the box says so.
	 */
	emailTo?: string | null;
}

export default function ReplyBox( {
	id,
	onSend,
	hint,
	note = false,
	onNoteChange,
	onSendNote,
	notesUnavailable,
	onSendImage,
	onTyping,
	canned = [],
	emailTo,
}: Props ) {
	const [ draft, setDraft ] = useState( '' );
	const textarea = useRef< HTMLTextAreaElement >( null );
	const noteMode = note && !! onSendNote;
	const images = useImageAttachment( !! onSendImage && ! noteMode );
	const completion = useCannedCompletion( {
		id,
		canned,
		enabled: ! noteMode,
		draft,
		setDraft,
		textarea,
	} );
	const { attachment } = images;

	const remaining = MAX_REPLY_LENGTH - draft.length;
	const canSend =
		draft.length <= MAX_REPLY_LENGTH &&
		( attachment && ! noteMode ? true : draft.trim().length > 0 );

	// Switching between reply and note puts the cursor back in the box.
	const firstNote = useRef( true );
	useEffect( () => {
		if ( firstNote.current ) {
			firstNote.current = false;
			return;
		}
		textarea.current?.focus();
	}, [ note ] );

	const submit = () => {
		if ( ! canSend ) {
			return;
		}
		if ( noteMode ) {
			onSendNote?.( draft );
		} else if ( attachment && onSendImage ) {
			onSendImage( attachment.file, draft.trim() );
			images.remove();
		} else {
			onSend( draft );
		}
		setDraft( '' );
		images.clearProblem();
		textarea.current?.focus();
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLTextAreaElement > ) => {
		if ( completion.onKeyDown( event ) ) {
			return;
		}
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

	const classes = [
		'handoff-chat-reply',
		noteMode ? 'is-note' : '',
		images.dragging ? 'is-dragging' : '',
	]
		.filter( Boolean )
		.join( ' ' );

	return (
		<form
			className={ classes }
			onSubmit={ onSubmit }
			{ ...images.dropHandlers }
		>
			{ hint && <p className="handoff-chat-reply__hint">{ hint }</p> }
			{ emailTo && ! noteMode && (
				<p className="handoff-chat-reply__hint is-email">
					{ sprintf(
						/* translators: %s: the visitor's email address. */
						__(
							'The visitor is away: your reply will be emailed to %s.',
							'handoff-chat'
						),
						emailTo
					) }
				</p>
			) }
			{ ( onSendNote || notesUnavailable ) && (
				<NoteSwitch
					available={ !! onSendNote }
					checked={ noteMode }
					onChange={ ( v ) => onNoteChange?.( v ) }
					unavailable={ notesUnavailable }
				/>
			) }
			{ attachment && ! noteMode && (
				<AttachmentPreview
					attachment={ attachment }
					onRemove={ images.remove }
				/>
			) }
			{ images.problem && (
				<p className="handoff-chat-reply__problem" role="alert">
					{ images.problem }
				</p>
			) }
			<VisuallyHidden as="label" htmlFor={ id }>
				{ noteMode
					? __( 'Note', 'handoff-chat' )
					: __( 'Reply', 'handoff-chat' ) }
			</VisuallyHidden>
			<div className="handoff-chat-reply__row">
				<div className="handoff-chat-reply__field">
					{ completion.open && (
						<CannedList completion={ completion } />
					) }
					<textarea
						id={ id }
						ref={ textarea }
						className="handoff-chat-reply__input"
						rows={ 3 }
						value={ draft }
						placeholder={
							noteMode
								? __(
										'Write a private note for the advisors…',
										'handoff-chat'
									)
								: __( 'Write a reply…', 'handoff-chat' )
						}
						aria-describedby={ `${ id }-help` }
						{ ...completion.inputProps }
						onChange={ ( e ) => {
							setDraft( e.target.value );
							completion.onEdit( e.target.selectionStart );
							if ( ! noteMode && e.target.value.trim() ) {
								onTyping?.();
							}
						} }
						onSelect={ ( e ) =>
							completion.onSelect(
								e.currentTarget.selectionStart
							)
						}
						onKeyDown={ onKeyDown }
						onPaste={ images.onPaste }
					/>
				</div>
				{ onSendImage && ! noteMode && (
					<AttachButton onFile={ images.attach } />
				) }
				<Button
					variant="primary"
					type="submit"
					disabled={ ! canSend }
					__next40pxDefaultSize
				>
					{ noteMode
						? __( 'Add note', 'handoff-chat' )
						: __( 'Send', 'handoff-chat' ) }
				</Button>
			</div>
			<p id={ `${ id }-help` } className="handoff-chat-reply__help">
				{ replyHelp( remaining, noteMode, canned.length > 0 ) }
			</p>
		</form>
	);
}
