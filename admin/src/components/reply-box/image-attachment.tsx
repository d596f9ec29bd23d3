/** The reply box's image controls: the chosen image's preview, and the attach button. */
import { Button } from '@wordpress/components';
import { useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { closeSmall, image as imageIcon } from '@wordpress/icons';
import { firstFile, IMAGE_TYPES } from '../../utils/image-file';
import type { Attachment } from './use-image-attachment';

export function AttachmentPreview( {
	attachment,
	onRemove,
}: {
	attachment: Attachment;
	onRemove: () => void;
} ) {
	return (
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
				onClick={ onRemove }
			/>
		</div>
	);
}

export function AttachButton( {
	onFile,
}: {
	onFile: ( file: File | null ) => void;
} ) {
	const fileInput = useRef< HTMLInputElement >( null );
	return (
		<>
			<input
				ref={ fileInput }
				type="file"
				hidden
				accept={ IMAGE_TYPES.join( ',' ) }
				onChange={ ( e ) => {
					onFile( firstFile( e.target.files ) );
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
	);
}
