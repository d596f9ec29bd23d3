/**
 * Images from the visitor: the paperclip's file picker, paste (a screenshot) and drag and
 * drop onto the panel. Files are checked before any upload; a refusal is explained under
 * the composer, naming the file as text.
 */
import { __, sprintf } from './i18n';
import { fileName, filesOf, type ImageRefusal } from '../chat/image-file';
import { MAX_UPLOAD_MB } from '../chat/limits';
import type { PanelRefs } from './panel-view';

/** A drop of a whole folder's worth is cut here. */
const MAX_FILES_AT_ONCE = 10;

export type SendImage = ( file: Blob ) => true | ImageRefusal | 'closed';

export interface Attachments {
	clearError: () => void;
	destroy: () => void;
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
 * @param sendImage Queues one image, or says why not.
 * @param afterSend Runs once after images were queued (scroll, focus).
 */
export function wireAttachments(
	refs: PanelRefs,
	sendImage: SendImage,
	afterSend: () => void
): Attachments {
	const showError = ( text: string | null ) => {
		refs.fileError.hidden = text === null;
		refs.fileError.textContent = text ?? '';
	};

	const take = ( files: readonly Blob[] ) => {
		let problem: string | null = null;
		let sent = false;
		for ( const file of files.slice( 0, MAX_FILES_AT_ONCE ) ) {
			const result = sendImage( file );
			if ( result === true ) {
				sent = true;
			} else if ( result !== 'closed' && ! problem ) {
				problem = refusalText( result, fileName( file ) );
			}
		}
		showError( problem );
		if ( sent ) {
			afterSend();
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
		take( Array.from( refs.file.files ?? [] ) );
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
		clearError: () => showError( null ),
		destroy() {
			unlisten.splice( 0 ).forEach( ( off ) => off() );
		},
	};
}
