/**
 * An advisor's picture: an image of the media library (WordPress's media modal, loaded on
 * this page by wp_enqueue_media), or back to Gravatar; initials when neither loads.
 */
import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { errorMessage } from '../../api';

/** `wp.media` when WordPress loaded the media library on this page. */
function mediaLibrary() {
	const media = typeof window !== 'undefined' ? window.wp?.media : undefined;
	return typeof media === 'function' ? media : null;
}

interface Props {
	name: string;
	hasAvatar: boolean;
	/** An attachment id, or null for Gravatar; rejects with WordPress's error. */
	onPick: ( attachmentId: number | null ) => Promise< void >;
}

export default function AvatarPicker( { name, hasAvatar, onPick }: Props ) {
	const media = mediaLibrary();
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );

	const set = async ( attachmentId: number | null ) => {
		setBusy( true );
		setError( null );
		try {
			await onPick( attachmentId );
		} catch ( e ) {
			setError( errorMessage( e ) );
		} finally {
			setBusy( false );
		}
	};

	const choose = () => {
		if ( ! media ) {
			return;
		}
		const frame = media( {
			title: sprintf(
				/* translators: %s: the advisor's name. */
				__( 'Picture of %s', 'handoff-chat' ),
				name
			),
			button: { text: __( 'Use this picture', 'handoff-chat' ) },
			library: { type: 'image' },
			multiple: false,
		} );
		frame.on( 'select', () => {
			const picked = frame.state().get( 'selection' ).first()?.toJSON();
			if ( picked && typeof picked.id === 'number' ) {
				void set( picked.id );
			}
		} );
		frame.open();
	};

	return (
		<div className="handoff-chat-advisor-card__avatar">
			<div className="handoff-chat-advisor-card__avatar-buttons">
				{ media && (
					<Button
						variant="secondary"
						size="compact"
						onClick={ choose }
						disabled={ busy }
						accessibleWhenDisabled
					>
						{ __( 'Choose a picture', 'handoff-chat' ) }
					</Button>
				) }
				{ hasAvatar && (
					<Button
						variant="tertiary"
						size="compact"
						onClick={ () => void set( null ) }
						disabled={ busy }
						accessibleWhenDisabled
					>
						{ __( 'Remove picture', 'handoff-chat' ) }
					</Button>
				) }
			</div>
			<p
				className={ `handoff-chat-advisor-card__avatar-help${
					error ? ' is-error' : ''
				}` }
			>
				{ error ??
					__(
						'Without a picture from the media library, their Gravatar shows, else their initials.',
						'handoff-chat'
					) }
			</p>
		</div>
	);
}
