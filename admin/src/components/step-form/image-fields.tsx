/** Image step: a URL (typed, or chosen in the WordPress media library when it is loaded) and its alt text. */
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { safeImageUrl } from '../../utils/safe-url';
import { FlowTextControl } from '../flow-field';
import type { StepFormProps, StepOf } from './types';

/** `wp.media` when WordPress loaded the media library on this page (wp_enqueue_media). */
function mediaLibrary() {
	const media = typeof window !== 'undefined' ? window.wp?.media : undefined;
	return typeof media === 'function' ? media : null;
}

export default function ImageFields( {
	step,
	path,
	onChange,
}: StepFormProps< StepOf< 'image' > > ) {
	const media = mediaLibrary();
	const shown = safeImageUrl( step.url );

	const choose = () => {
		if ( ! media ) {
			return;
		}
		const frame = media( {
			title: __( 'Choose an image', 'handoff-chat' ),
			button: { text: __( 'Use this image', 'handoff-chat' ) },
			library: { type: 'image' },
			multiple: false,
		} );
		frame.on( 'select', () => {
			const picked = frame.state().get( 'selection' ).first()?.toJSON();
			if ( picked && typeof picked.url === 'string' ) {
				onChange( {
					...step,
					url: picked.url,
					alt:
						step.alt ||
						( typeof picked.alt === 'string' ? picked.alt : '' ),
				} );
			}
		} );
		frame.open();
	};

	return (
		<>
			<FlowTextControl
				path={ `${ path }.url` }
				label={ __( 'Image URL', 'handoff-chat' ) }
				value={ step.url }
				onChange={ ( url ) => onChange( { ...step, url } ) }
				placeholder="https://"
				type="url"
			/>
			{ media && (
				<p className="handoff-chat-step-form__media">
					<Button
						variant="secondary"
						onClick={ choose }
						__next40pxDefaultSize
					>
						{ __(
							'Choose from the media library',
							'handoff-chat'
						) }
					</Button>
				</p>
			) }
			{ shown && (
				<img
					className="handoff-chat-step-form__image-preview"
					src={ shown }
					alt=""
				/>
			) }
			<FlowTextControl
				path={ `${ path }.alt` }
				label={ __( 'Alternative text', 'handoff-chat' ) }
				value={ step.alt }
				onChange={ ( alt ) => onChange( { ...step, alt } ) }
				help={ __(
					'Describes the image for visitors who cannot see it.',
					'handoff-chat'
				) }
			/>
		</>
	);
}
