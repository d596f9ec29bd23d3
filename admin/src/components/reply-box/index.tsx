/**
 * The advisor's composer: Enter sends, Shift+Enter starts a new line (and Enter while
 * an input method is composing does nothing), the Send button does the same.
 *
 * Also: the "Leave a note" switch (the box turns yellow; notes never reach the visitor),
 * images (attach button, paste, drag and drop; checked before upload), canned responses
 * (`/` opens a filtered list; arrows choose, Enter or Tab inserts, Escape closes) and
 * typing signals.
 */
import { Button, ToggleControl, VisuallyHidden } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import type {
	ClipboardEvent,
	DragEvent,
	FormEvent,
	KeyboardEvent,
} from 'react';
import { __, _n, sprintf } from '@wordpress/i18n';
import { closeSmall, image as imageIcon } from '@wordpress/icons';
import type { CannedResponse } from '@handoff-chat/contracts';
import {
	cannedQueryAt,
	filterCanned,
	insertCanned,
	type CannedQuery,
} from '../../utils/canned';
import {
	firstFile,
	IMAGE_TYPES,
	imageFileProblem,
} from '../../utils/image-file';
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
}

interface Attachment {
	file: File;
	previewUrl: string | null;
}

function previewOf( file: File ): string | null {
	try {
		return typeof URL.createObjectURL === 'function'
			? URL.createObjectURL( file )
			: null;
	} catch {
		return null;
	}
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
}: Props ) {
	const [ draft, setDraft ] = useState( '' );
	const [ caret, setCaret ] = useState< number | null >( null );
	const [ attachment, setAttachment ] = useState< Attachment | null >( null );
	const [ fileProblem, setFileProblem ] = useState< string | null >( null );
	const [ dragging, setDragging ] = useState( false );
	const [ active, setActive ] = useState( 0 );
	const [ dismissed, setDismissed ] = useState< number | null >( null );
	const textarea = useRef< HTMLTextAreaElement >( null );
	const fileInput = useRef< HTMLInputElement >( null );
	const noteMode = note && !! onSendNote;

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

	useEffect(
		() => () => {
			if ( attachment?.previewUrl ) {
				URL.revokeObjectURL?.( attachment.previewUrl );
			}
		},
		[ attachment ]
	);

	const query: CannedQuery | null =
		canned.length > 0 && ! noteMode ? cannedQueryAt( draft, caret ) : null;
	const options =
		query && query.start !== dismissed
			? filterCanned( canned, query.query )
			: [];
	const open = options.length > 0;
	const listId = `${ id }-canned`;
	const optionId = ( i: number ) => `${ id }-canned-${ i }`;

	const attach = ( file: File | null ) => {
		if ( ! file ) {
			return;
		}
		const problem = imageFileProblem( file );
		setFileProblem( problem );
		if ( problem ) {
			return;
		}
		setAttachment( { file, previewUrl: previewOf( file ) } );
	};

	const submit = () => {
		if ( ! canSend ) {
			return;
		}
		if ( noteMode ) {
			onSendNote?.( draft );
		} else if ( attachment && onSendImage ) {
			onSendImage( attachment.file, draft.trim() );
			setAttachment( null );
		} else {
			onSend( draft );
		}
		setDraft( '' );
		setFileProblem( null );
		textarea.current?.focus();
	};

	const choose = ( r: CannedResponse ) => {
		if ( ! query ) {
			return;
		}
		const next = insertCanned( draft, query, caret, r.text );
		setDraft( next.value );
		setCaret( next.caret );
		requestAnimationFrame( () => {
			textarea.current?.setSelectionRange( next.caret, next.caret );
		} );
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLTextAreaElement > ) => {
		if ( open ) {
			if ( event.key === 'ArrowDown' || event.key === 'ArrowUp' ) {
				event.preventDefault();
				const n = options.length;
				setActive(
					( a ) =>
						( a + ( event.key === 'ArrowDown' ? 1 : n - 1 ) ) % n
				);
				return;
			}
			if ( event.key === 'Enter' || event.key === 'Tab' ) {
				event.preventDefault();
				choose( options[ Math.min( active, options.length - 1 ) ] );
				return;
			}
			if ( event.key === 'Escape' ) {
				event.preventDefault();
				setDismissed( query?.start ?? null );
				return;
			}
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

	const onPaste = ( event: ClipboardEvent< HTMLTextAreaElement > ) => {
		if ( ! onSendImage || noteMode ) {
			return;
		}
		const file = firstFile( event.clipboardData?.files );
		if ( file ) {
			event.preventDefault();
			attach( file );
		}
	};

	const dropHandlers =
		onSendImage && ! noteMode
			? {
					onDragOver: ( e: DragEvent ) => {
						if ( e.dataTransfer?.types?.includes( 'Files' ) ) {
							e.preventDefault();
							setDragging( true );
						}
					},
					onDragLeave: () => setDragging( false ),
					onDrop: ( e: DragEvent ) => {
						const file = firstFile( e.dataTransfer?.files );
						setDragging( false );
						if ( file ) {
							e.preventDefault();
							attach( file );
						}
					},
				}
			: {};

	const classes = [
		'handoff-chat-reply',
		noteMode ? 'is-note' : '',
		dragging ? 'is-dragging' : '',
	]
		.filter( Boolean )
		.join( ' ' );

	let help: string;
	if ( remaining < 0 ) {
		help = sprintf(
			/* translators: %d: number of characters over the limit. */
			_n(
				'%d character too long.',
				'%d characters too long.',
				-remaining,
				'handoff-chat'
			),
			-remaining
		);
	} else if ( noteMode ) {
		help = __(
			'Private note: only advisors see it. Enter to add it.',
			'handoff-chat'
		);
	} else if ( canned.length > 0 ) {
		help = __(
			'Enter to send, Shift+Enter for a new line, / for canned responses.',
			'handoff-chat'
		);
	} else {
		help = __(
			'Enter to send, Shift+Enter for a new line.',
			'handoff-chat'
		);
	}

	return (
		<form className={ classes } onSubmit={ onSubmit } { ...dropHandlers }>
			{ hint && <p className="handoff-chat-reply__hint">{ hint }</p> }
			{ ( onSendNote || notesUnavailable ) && (
				<div className="handoff-chat-reply__modes">
					{ onSendNote ? (
						<ToggleControl
							label={ __( 'Leave a note', 'handoff-chat' ) }
							checked={ noteMode }
							onChange={ ( v: boolean ) => onNoteChange?.( v ) }
							__nextHasNoMarginBottom
						/>
					) : (
						<p className="handoff-chat-reply__unavailable">
							{ notesUnavailable }
						</p>
					) }
				</div>
			) }
			{ attachment && ! noteMode && (
				<div className="handoff-chat-reply__attachment">
					{ attachment.previewUrl && (
						<img src={ attachment.previewUrl } alt="" />
					) }
					<span className="handoff-chat-reply__file">
						{ attachment.file.name }
					</span>
					<Button
						icon={ closeSmall }
						size="small"
						label={ __( 'Remove the image', 'handoff-chat' ) }
						onClick={ () => setAttachment( null ) }
					/>
				</div>
			) }
			{ fileProblem && (
				<p className="handoff-chat-reply__problem" role="alert">
					{ fileProblem }
				</p>
			) }
			<VisuallyHidden as="label" htmlFor={ id }>
				{ noteMode
					? __( 'Note', 'handoff-chat' )
					: __( 'Reply', 'handoff-chat' ) }
			</VisuallyHidden>
			<div className="handoff-chat-reply__row">
				<div className="handoff-chat-reply__field">
					{ open && (
						<ul
							className="handoff-chat-reply__canned"
							id={ listId }
							role="listbox"
							aria-label={ __(
								'Canned responses',
								'handoff-chat'
							) }
						>
							{ options.map( ( r, i ) => (
								<li
									key={ r.id }
									id={ optionId( i ) }
									role="option"
									aria-selected={ i === active }
									className={
										i === active ? 'is-active' : ''
									}
									onMouseDown={ ( e ) => {
										e.preventDefault();
										choose( r );
									} }
								>
									<strong>{ `/${ r.shortcut }` }</strong>
									<span>{ r.text }</span>
								</li>
							) ) }
						</ul>
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
						aria-autocomplete={ canned.length ? 'list' : undefined }
						aria-controls={ open ? listId : undefined }
						aria-activedescendant={
							open ? optionId( active ) : undefined
						}
						onChange={ ( e ) => {
							setDraft( e.target.value );
							setCaret( e.target.selectionStart );
							setActive( 0 );
							if ( ! noteMode && e.target.value.trim() ) {
								onTyping?.();
							}
						} }
						onSelect={ ( e ) =>
							setCaret( e.currentTarget.selectionStart )
						}
						onKeyDown={ onKeyDown }
						onPaste={ onPaste }
					/>
				</div>
				{ onSendImage && ! noteMode && (
					<>
						<input
							ref={ fileInput }
							type="file"
							hidden
							accept={ IMAGE_TYPES.join( ',' ) }
							onChange={ ( e ) => {
								attach( firstFile( e.target.files ) );
								e.target.value = '';
							} }
						/>
						<Button
							icon={ imageIcon }
							label={ __( 'Attach an image', 'handoff-chat' ) }
							onClick={ () => fileInput.current?.click() }
							__next40pxDefaultSize
						/>
					</>
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
				{ help }
			</p>
		</form>
	);
}
