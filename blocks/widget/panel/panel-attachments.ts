/**
 * Images from the visitor: the paperclip's file picker, paste (a screenshot) and drag and
 * drop onto the panel. Files are checked before any upload; a refusal is explained under
 * the composer, naming the file as text. An accepted image waits in the composer (a
 * thumbnail, its name, a remove button) while the visitor may type a caption; Send then
 * sends image and caption as one message, as the advisors' reply box does.
 */
import { __, _n, sprintf } from './i18n';
import { button, el } from './dom';
import { icon } from './icons';
import {
	checkImageFile,
	fileName,
	filesOf,
	type ImageRefusal,
} from '../chat/image-file';
import { MAX_UPLOAD_MB } from '../chat/limits';
import type { PanelRefs } from './panel-view';

/** A drop of a whole folder's worth is cut here. */
const MAX_FILES_AT_ONCE = 10;

/** Queues one image with its caption (may be empty), or says why not. */
export type SendImage = (
	file: Blob,
	caption: string
) => true | ImageRefusal | 'closed' | 'too-long';

export interface Attachments {
	/** How many images wait for Send. */
	count: () => number;
	/**
	 * Sends the waiting images, the caption with the last one (read after them, like a
	 * text typed below). False when none went (none waiting, or the conversation closed).
	 */
	send: ( caption: string ) => boolean;
	clearError: () => void;
	destroy: () => void;
}

interface Staged {
	file: Blob;
	name: string;
	/** `blob:` URL of the thumbnail, revoked when the image leaves the composer. */
	url: string | null;
	row: HTMLLIElement;
	remove: HTMLButtonElement;
}

/**
 * Why a file cannot be sent, naming it.
 * @param refusal The check that failed.
 * @param name    The file's name (shown as text).
 */
export function refusalText( refusal: ImageRefusal, name: string ): string {
	const file = name || __( 'This file', 'handoff-chat' );
	if ( refusal === 'size' ) {
		return sprintf(
			/* translators: 1: name of the file the visitor chose, 2: largest image the chat accepts, in megabytes. */
			__(
				'%1$s is too large: images are limited to %2$d MB.',
				'handoff-chat'
			),
			file,
			MAX_UPLOAD_MB
		);
	}
	return sprintf(
		/* translators: %s: name of the file the visitor chose. */
		__(
			'%s cannot be sent: only PNG, JPEG, GIF and WebP images are accepted.',
			'handoff-chat'
		),
		file
	);
}

/**
 * @param refs      The panel's elements.
 * @param sendImage Queues one image with its caption, or says why not.
 * @param onChange  Runs when images were added or removed (the Send button, the placeholder).
 */
export function wireAttachments(
	refs: PanelRefs,
	sendImage: SendImage,
	onChange: () => void
): Attachments {
	const showError = ( text: string | null ) => {
		refs.fileError.hidden = text === null;
		refs.fileError.textContent = text ?? '';
	};
	const field = () => ( refs.answer.hidden ? refs.input : refs.answer );

	// The images waiting for Send, above the field.
	const tray = el( 'div', 'handoff-chat-composer__attachments' );
	const list = el( 'ul', 'handoff-chat-composer__previews' );
	list.setAttribute( 'aria-label', __( 'Images to send', 'handoff-chat' ) );
	// Says what the composer holds now, politely: the visitor's focus stays in the field.
	const announce = el( 'p', 'handoff-chat-sr-only' );
	announce.setAttribute( 'aria-live', 'polite' );
	tray.append( list );
	tray.hidden = true;
	refs.form.prepend( tray, announce );
	let staged: Staged[] = [];

	const changed = ( announced: boolean ) => {
		tray.hidden = staged.length === 0;
		announce.textContent = ! announced
			? ''
			: sprintf(
					/* translators: %d: number of images waiting in the chat's message box. */
					_n(
						'%d image ready to send. Add a caption if you like, then send.',
						'%d images ready to send. Add a caption if you like, then send.',
						staged.length,
						'handoff-chat'
					),
					staged.length
				);
		onChange();
	};

	const unstage = ( item: Staged ) => {
		if ( item.url ) {
			URL.revokeObjectURL?.( item.url );
		}
		item.row.remove();
		staged = staged.filter( ( s ) => s !== item );
	};

	const stage = ( file: Blob ) => {
		const name = fileName( file ) || __( 'Pasted image', 'handoff-chat' );
		const url =
			typeof URL.createObjectURL === 'function'
				? URL.createObjectURL( file )
				: null;
		const row = el( 'li', 'handoff-chat-attachment' );
		if ( url ) {
			const thumb = el( 'img', 'handoff-chat-attachment__thumb' );
			thumb.alt = ''; // Its name follows, as text.
			thumb.src = url;
			row.append( thumb );
		}
		const remove = button( 'handoff-chat-attachment__remove' );
		remove.setAttribute(
			'aria-label',
			sprintf(
				/* translators: %s: name of the image waiting to be sent. */
				__( 'Remove %s', 'handoff-chat' ),
				name
			)
		);
		remove.title = __( 'Remove the image', 'handoff-chat' );
		remove.append( icon( 'close' ) );
		row.append(
			el( 'span', 'handoff-chat-attachment__name', name ),
			remove
		);
		list.append( row );
		const item: Staged = { file, name, url, row, remove };
		staged.push( item );
		remove.addEventListener( 'click', () => {
			const at = staged.indexOf( item );
			unstage( item );
			showError( null );
			// Focus stays in the composer: the next image's button, else the previous, else the field.
			const next = staged[ at ] ?? staged[ at - 1 ];
			( next ? next.remove : field() ).focus( { preventScroll: true } );
			announce.textContent = '';
			changed( false );
			announce.textContent = sprintf(
				/* translators: %s: name of the image removed from the chat's message box. */
				__( '%s removed.', 'handoff-chat' ),
				name
			);
		} );
	};

	const take = ( files: readonly Blob[] ) => {
		let problem: string | null = null;
		let added = false;
		for ( const file of files ) {
			if ( staged.length >= MAX_FILES_AT_ONCE ) {
				break;
			}
			const refusal = checkImageFile( file );
			if ( ! refusal ) {
				stage( file );
				added = true;
			} else if ( ! problem ) {
				problem = refusalText( refusal, fileName( file ) );
			}
		}
		showError( problem );
		if ( added ) {
			changed( true );
			// Ready for a caption, or Enter to send.
			field().focus( { preventScroll: true } );
		}
	};

	const hasFiles = ( e: DragEvent ) =>
		Array.from( e.dataTransfer?.types ?? [] ).includes( 'Files' );
	let depth = 0;
	const showDrop = ( on: boolean ) => {
		refs.dropHint.hidden = ! on;
		refs.panel.classList.toggle( 'is-dropping', on );
	};

	const onPick = () => {
		if ( ! refs.form.hidden ) {
			take( Array.from( refs.file.files ?? [] ) );
		}
		refs.file.value = ''; // The same file may be chosen again.
	};
	const onPaste = ( e: ClipboardEvent ) => {
		const data = e.clipboardData;
		// Text copied from an office suite also carries a picture of itself: keep the text.
		if (
			refs.form.hidden ||
			Array.from( data?.types ?? [] ).includes( 'text/plain' )
		) {
			return;
		}
		const files = filesOf( data );
		if ( files.length ) {
			e.preventDefault();
			take( files );
		}
	};
	const onDragEnter = ( e: DragEvent ) => {
		if ( hasFiles( e ) && ! refs.form.hidden ) {
			e.preventDefault();
			depth++;
			showDrop( true );
		}
	};
	const onDragOver = ( e: DragEvent ) => {
		if ( hasFiles( e ) && ! refs.form.hidden ) {
			e.preventDefault();
			if ( e.dataTransfer ) {
				e.dataTransfer.dropEffect = 'copy';
			}
		}
	};
	const onDragLeave = ( e: DragEvent ) => {
		if ( hasFiles( e ) ) {
			depth = Math.max( 0, depth - 1 );
			showDrop( depth > 0 );
		}
	};
	const onDrop = ( e: DragEvent ) => {
		if ( ! hasFiles( e ) ) {
			return;
		}
		e.preventDefault();
		depth = 0;
		showDrop( false );
		if ( ! refs.form.hidden ) {
			take( filesOf( e.dataTransfer ) );
		}
	};
	const onAttach = () => refs.file.click();

	const unlisten: Array< () => void > = [];
	const listen = < K extends keyof HTMLElementEventMap >(
		target: HTMLElement,
		type: K,
		handler: ( e: HTMLElementEventMap[ K ] ) => void
	) => {
		target.addEventListener( type, handler );
		unlisten.push( () => target.removeEventListener( type, handler ) );
	};
	listen( refs.attach, 'click', onAttach );
	listen( refs.file, 'change', onPick );
	listen( refs.panel, 'paste', onPaste );
	listen( refs.panel, 'dragenter', onDragEnter );
	listen( refs.panel, 'dragover', onDragOver );
	listen( refs.panel, 'dragleave', onDragLeave );
	listen( refs.panel, 'drop', onDrop );

	return {
		count: () => staged.length,
		send( caption ) {
			const going = staged;
			if ( ! going.length ) {
				return false;
			}
			let sent = false;
			let problem: string | null = null;
			for ( const [ i, item ] of going.entries() ) {
				const result = sendImage(
					item.file,
					i === going.length - 1 ? caption : ''
				);
				if ( result === 'closed' || result === 'too-long' ) {
					break; // Nothing more goes; what is left stays in the composer.
				}
				if ( result === true ) {
					sent = true;
				} else {
					problem ??= refusalText( result, item.name );
				}
				unstage( item );
			}
			showError( problem );
			changed( false );
			return sent;
		},
		clearError: () => showError( null ),
		destroy() {
			unlisten.splice( 0 ).forEach( ( off ) => off() );
			staged.forEach( unstage );
		},
	};
}
