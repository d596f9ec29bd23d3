/**
 * The image a reply carries: from the attach button, a paste or a drop, checked before
 * upload (type and size). Its preview URL is revoked when it goes.
 */
import { useEffect, useState } from '@wordpress/element';
import type { ClipboardEvent, DragEvent } from 'react';
import { firstFile, imageFileProblem, previewOf } from '../../utils/image-file';

export interface Attachment {
	file: File;
	previewUrl: string | null;
}

/** `enabled`: images can be sent now (not in note mode, and the caller takes them). */
export function useImageAttachment( enabled: boolean ) {
	const [ attachment, setAttachment ] = useState< Attachment | null >( null );
	const [ problem, setProblem ] = useState< string | null >( null );
	const [ dragging, setDragging ] = useState( false );

	useEffect(
		() => () => {
			if ( attachment?.previewUrl ) {
				URL.revokeObjectURL?.( attachment.previewUrl );
			}
		},
		[ attachment ]
	);

	const attach = ( file: File | null ) => {
		if ( ! file ) {
			return;
		}
		const why = imageFileProblem( file );
		setProblem( why );
		if ( why ) {
			return;
		}
		setAttachment( { file, previewUrl: previewOf( file ) } );
	};

	const onPaste = ( event: ClipboardEvent< HTMLTextAreaElement > ) => {
		if ( ! enabled ) {
			return;
		}
		const file = firstFile( event.clipboardData?.files );
		if ( file ) {
			event.preventDefault();
			attach( file );
		}
	};

	/** For the form: a dragged file lights the box up; dropped, it is attached. */
	const dropHandlers = enabled
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

	return {
		attachment,
		/** Why the last file was refused, if it was. */
		problem,
		dragging,
		attach,
		remove: () => setAttachment( null ),
		clearProblem: () => setProblem( null ),
		onPaste,
		dropHandlers,
	};
}
