/**
 * The visitor's round avatar with the inbox's colour codes: a green dot while their
 * widget is open, an orange ring while their last message waits for an answer. Both
 * are also said in words for screen readers.
 */
import { __ } from '@wordpress/i18n';
import { visitorCode, visitorInitials } from '../../utils/pseudonym';
import './index.scss';

const HUES = [ 200, 150, 260, 20, 330, 100, 45, 280 ];

interface Props {
	visitorId: string;
	visitorName?: string | null;
	online: boolean;
	unanswered: boolean;
	size?: 'small' | 'large';
}

export default function VisitorAvatar( {
	visitorId,
	visitorName,
	online,
	unanswered,
	size = 'small',
}: Props ) {
	const hue = HUES[ parseInt( visitorCode( visitorId ), 16 ) % HUES.length ];
	return (
		<span
			className={ `handoff-chat-avatar is-${ size }${ online ? ' is-online' : '' }${
				unanswered ? ' is-unanswered' : ''
			}` }
		>
			<span
				className="handoff-chat-avatar__face"
				aria-hidden="true"
				style={ { backgroundColor: `hsl(${ hue } 45% 42%)` } }
			>
				{ visitorInitials( { visitorId, visitorName } ) }
			</span>
			{ online && (
				<span className="handoff-chat-avatar__dot" aria-hidden="true" />
			) }
			{ ( online || unanswered ) && (
				<span className="screen-reader-text">
					{ [
						online ? __( 'Online', 'handoff-chat' ) : '',
						unanswered
							? __( 'Waiting for an answer', 'handoff-chat' )
							: '',
					]
						.filter( Boolean )
						.join( ', ' ) }
				</span>
			) }
		</span>
	);
}
