/**
 * Editing one flow: settings, sequences and their steps on the left, the preview on
 * the right. Every change is checked with the contract's `validateFlow`; problems
 * show beside their fields and in a summary; Save stays disabled until there are none.
 */
import { Button, Notice, Snackbar, Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { arrowLeft, plus } from '@wordpress/icons';
import { useFlowDraft } from '../../data/use-flow-draft';
import FlowPreview from '../flow-preview';
import FlowSettings from '../flow-settings';
import IssuesSummary, { revealField } from '../issues-summary';
import SequenceCard from '../sequence-card';
import FlowEditorProvider from './provider';
import ConfirmDialog from '../confirm-dialog';
import './index.scss';

interface Props {
	flowId: string;
	onBack: () => void;
}

export default function FlowEditor( { flowId, onBack }: Props ) {
	const editor = useFlowDraft( flowId );
	const { draft, dispatch, issues, dirty, saving } = editor;
	const [ leaving, setLeaving ] = useState( false );
	const [ savedNotice, setSavedNotice ] = useState( false );
	const [ added, setAdded ] = useState< number | null >( null );

	useEffect( () => {
		if ( editor.saves > 0 ) {
			setSavedNotice( true );
		}
	}, [ editor.saves ] );

	// A new sequence: bring its name field into view, ready to type.
	useEffect( () => {
		if ( added !== null && draft && draft.sequences.length > added ) {
			revealField( `sequences.${ added }.name` );
			setAdded( null );
		}
	}, [ added, draft ] );

	if ( editor.status === 'loading' ) {
		return (
			<div className="handoff-chat-flow-editor is-loading">
				<Spinner />
				{ __( 'Loading the flow…', 'handoff-chat' ) }
			</div>
		);
	}
	if ( ! draft ) {
		return (
			<div className="handoff-chat-flow-editor">
				<Notice status="error" isDismissible={ false }>
					{ editor.loadError?.message ??
						__( 'This flow cannot be loaded.', 'handoff-chat' ) }
				</Notice>
				<Button
					variant="secondary"
					icon={ arrowLeft }
					onClick={ onBack }
				>
					{ __( 'All flows', 'handoff-chat' ) }
				</Button>
			</div>
		);
	}

	const invalid = issues.length > 0 || ! editor.checked;
	const back = () => ( dirty ? setLeaving( true ) : onBack() );

	return (
		<FlowEditorProvider
			flow={ draft }
			dispatch={ dispatch }
			issues={ issues }
		>
			<div className="handoff-chat-flow-editor">
				<div className="handoff-chat-flow-editor__bar">
					<Button
						icon={ arrowLeft }
						variant="tertiary"
						onClick={ back }
						__next40pxDefaultSize
					>
						{ __( 'All flows', 'handoff-chat' ) }
					</Button>
					<h2 className="handoff-chat-flow-editor__title">
						{ draft.name.trim() || draft.id }
					</h2>
					<span
						className="handoff-chat-flow-editor__status"
						aria-live="polite"
					>
						{ dirty
							? __( 'Unsaved changes', 'handoff-chat' )
							: __( 'All changes saved', 'handoff-chat' ) }
					</span>
					<Button
						variant="primary"
						onClick={ () => editor.save() }
						disabled={ ! dirty || invalid || saving }
						accessibleWhenDisabled
						isBusy={ saving }
						__next40pxDefaultSize
					>
						{ saving
							? __( 'Saving…', 'handoff-chat' )
							: __( 'Save', 'handoff-chat' ) }
					</Button>
				</div>
				{ editor.saveError && (
					<Notice status="error" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: the chat server's explanation. */
							__( 'The flow was not saved: %s', 'handoff-chat' ),
							editor.saveError.message
						) }
					</Notice>
				) }
				<IssuesSummary />
				<div className="handoff-chat-flow-editor__columns">
					<div className="handoff-chat-flow-editor__form">
						<FlowSettings flow={ draft } />
						<h2 className="handoff-chat-flow-editor__section">
							{ __( 'Sequences', 'handoff-chat' ) }
						</h2>
						{ draft.sequences.map( ( s, i ) => (
							<SequenceCard
								key={ s.id }
								sequence={ s }
								index={ i }
								count={ draft.sequences.length }
								isStart={ s.id === draft.startSequence }
							/>
						) ) }
						<Button
							variant="secondary"
							icon={ plus }
							onClick={ () => {
								setAdded( draft.sequences.length );
								dispatch( {
									type: 'addSequence',
									name: __( 'New sequence', 'handoff-chat' ),
								} );
							} }
							__next40pxDefaultSize
						>
							{ __( 'Add a sequence', 'handoff-chat' ) }
						</Button>
					</div>
					<aside
						className="handoff-chat-flow-editor__preview"
						aria-label={ __( 'Preview', 'handoff-chat' ) }
					>
						<FlowPreview
							flow={ editor.settled ?? draft }
							valid={ ! issues.length }
						/>
					</aside>
				</div>
				{ savedNotice && (
					<div className="handoff-chat-flow-editor__snackbar">
						<Snackbar onRemove={ () => setSavedNotice( false ) }>
							{ __(
								'Flow saved. New conversations use it now.',
								'handoff-chat'
							) }
						</Snackbar>
					</div>
				) }
				{ leaving && (
					<ConfirmDialog
						title={ __( 'Leave without saving?', 'handoff-chat' ) }
						confirmLabel={ __( 'Leave', 'handoff-chat' ) }
						cancelLabel={ __( 'Keep editing', 'handoff-chat' ) }
						onConfirm={ () => {
							setLeaving( false );
							onBack();
						} }
						onCancel={ () => setLeaving( false ) }
					>
						{ __(
							'Your changes to this flow will be lost.',
							'handoff-chat'
						) }
					</ConfirmDialog>
				) }
			</div>
		</FlowEditorProvider>
	);
}
