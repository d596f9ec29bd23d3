/**
 * Site managers' conversation menu: download the transcript (text, JSON or CSV) and delete
 * the conversation for good, after a confirmation. The bridge refuses both without `manage`.
 */
import { Button, Dropdown, MenuGroup, MenuItem } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { download, moreVertical, trash } from '@wordpress/icons';
import { errorMessage } from '../../api';
import type { TranscriptFormat } from '../../api/conversations';
import { useServices } from '../../data/services';
import { saveBlob } from '../../utils/save-file';
import ConfirmDialog from '../confirm-dialog';

interface Props {
	conversationId: string;
	/** The visitor's name, for the confirmation. */
	name: string;
	disabled: boolean;
	onDeleted: () => void;
	onProblem: ( message: string | null ) => void;
}

export default function ManageMenu( {
	conversationId,
	name,
	disabled,
	onDeleted,
	onProblem,
}: Props ) {
	const { api } = useServices();
	const [ confirming, setConfirming ] = useState( false );
	const [ busy, setBusy ] = useState( false );

	const transcript = ( format: TranscriptFormat ) => {
		onProblem( null );
		api.downloadTranscript( conversationId, format ).then(
			( { blob, filename } ) => saveBlob( blob, filename ),
			( e: unknown ) => onProblem( errorMessage( e ) )
		);
	};

	const remove = () => {
		setConfirming( false );
		setBusy( true );
		onProblem( null );
		api.deleteConversation( conversationId ).then(
			() => onDeleted(),
			( e: unknown ) => {
				setBusy( false );
				onProblem( errorMessage( e ) );
			}
		);
	};

	const formats: Array< [ TranscriptFormat, string ] > = [
		[ 'text', __( 'Transcript as text', 'handoff-chat' ) ],
		[ 'json', __( 'Transcript as JSON', 'handoff-chat' ) ],
		[ 'csv', __( 'Transcript as CSV', 'handoff-chat' ) ],
	];

	return (
		<>
			<Dropdown
				className="handoff-chat-manage"
				popoverProps={ { placement: 'bottom-end' } }
				renderToggle={ ( { isOpen, onToggle } ) => (
					<Button
						icon={ moreVertical }
						label={ __( 'More actions', 'handoff-chat' ) }
						onClick={ onToggle }
						aria-expanded={ isOpen }
						aria-haspopup="true"
						disabled={ disabled || busy }
						__next40pxDefaultSize
					/>
				) }
				renderContent={ ( { onClose } ) => (
					<div className="handoff-chat-manage__content">
						<MenuGroup label={ __( 'Download', 'handoff-chat' ) }>
							{ formats.map( ( [ format, label ] ) => (
								<MenuItem
									key={ format }
									icon={ download }
									onClick={ () => {
										onClose();
										transcript( format );
									} }
								>
									{ label }
								</MenuItem>
							) ) }
						</MenuGroup>
						<MenuGroup>
							<MenuItem
								icon={ trash }
								isDestructive
								onClick={ () => {
									onClose();
									setConfirming( true );
								} }
							>
								{ __( 'Delete conversation…', 'handoff-chat' ) }
							</MenuItem>
						</MenuGroup>
					</div>
				) }
			/>
			{ confirming && (
				<ConfirmDialog
					title={ __( 'Delete this conversation?', 'handoff-chat' ) }
					confirmLabel={ __( 'Delete conversation', 'handoff-chat' ) }
					onCancel={ () => setConfirming( false ) }
					onConfirm={ remove }
				>
					<p>
						{ sprintf(
							/* translators: %s: the visitor's name or pseudonym. */
							__(
								'The conversation with %s, its messages, notes and images are deleted for every advisor. This cannot be undone.',
								'handoff-chat'
							),
							name
						) }
					</p>
				</ConfirmDialog>
			) }
		</>
	);
}
