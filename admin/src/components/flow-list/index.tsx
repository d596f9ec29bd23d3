/**
 * The site's flows: open one, create, duplicate, export, import or delete (the default
 * flow stays: the bridge says why).
 */
import { Button, Card, CardBody, Notice, Spinner } from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { plus, upload } from '@wordpress/icons';
import type { ChangeEvent } from 'react';
import { DEFAULT_FLOW_ID, type Flow } from '@handoff-chat/contracts';
import { errorMessage } from '../../api';
import { useFlows } from '../../data/use-flows';
import {
	downloadTextFile,
	flowFileName,
	flowFileSizeProblem,
	flowFileText,
	readFileText,
	readFlowFile,
} from '../../utils/flow-file';
import { modeLabel } from '../../utils/flow-labels';
import { starterFlow, type StarterFlowTexts } from '../../utils/starter-flow';
import { formatDateTime } from '../../utils/relative-time';
import CreateFlowModal from '../create-flow-modal';
import ConfirmDialog from '../confirm-dialog';
import './index.scss';

interface Props {
	onOpen: ( id: string ) => void;
	/** The starter flow's texts in the site's language; null: not offered. */
	starter?: StarterFlowTexts | null;
}

export default function FlowList( { onOpen, starter = null }: Props ) {
	const { status, error, flows, refresh, create, remove } = useFlows();
	const [ creating, setCreating ] = useState< string | null >( null );
	const [ deleting, setDeleting ] = useState< string | null >( null );
	const [ notice, setNotice ] = useState< {
		status: 'error' | 'success';
		text: string;
		details?: string[];
	} | null >( null );
	const [ importing, setImporting ] = useState( false );
	const fileInput = useRef< HTMLInputElement >( null );

	const onCreate = async ( flow: Flow ) => {
		await create( flow );
		setCreating( null );
		onOpen( flow.id );
	};

	// The starter flow as the site's default flow: the widgets that name no flow (all of
	// them on a new site) start running it instead of live chat.
	const [ starting, setStarting ] = useState( false );
	const onStarter = async () => {
		if ( ! starter ) {
			return;
		}
		setStarting( true );
		setNotice( null );
		try {
			await onCreate(
				starterFlow( DEFAULT_FLOW_ID, starter.name, starter )
			);
		} catch ( err ) {
			setNotice( { status: 'error', text: errorMessage( err ) } );
			setStarting( false );
		}
	};
	const hasDefault = flows.some( ( f ) => f.id === DEFAULT_FLOW_ID );

	const onExport = ( flow: Flow ) =>
		downloadTextFile( flowFileName( flow ), flowFileText( flow ) );

	const onImportFile = async ( e: ChangeEvent< HTMLInputElement > ) => {
		const file = e.target.files?.[ 0 ];
		// The same file can be picked again after fixing it.
		e.target.value = '';
		if ( ! file ) {
			return;
		}
		const tooLarge = flowFileSizeProblem( file.size );
		if ( tooLarge ) {
			setNotice( { status: 'error', text: tooLarge } );
			return;
		}
		setImporting( true );
		setNotice( null );
		try {
			const read = readFlowFile( await readFileText( file ), flows );
			if ( read.error !== undefined ) {
				setNotice( {
					status: 'error',
					text: read.error,
					details: read.details,
				} );
				return;
			}
			await create( read.flow );
			setNotice( {
				status: 'success',
				text: sprintf(
					/* translators: 1: name of the imported flow; 2: its ID. */
					__(
						'Flow “%1$s” imported with the ID %2$s.',
						'handoff-chat'
					),
					read.flow.name,
					read.flow.id
				),
			} );
		} catch ( err ) {
			setNotice( { status: 'error', text: errorMessage( err ) } );
		} finally {
			setImporting( false );
		}
	};

	const confirmDelete = async () => {
		const id = deleting;
		setDeleting( null );
		if ( ! id ) {
			return;
		}
		try {
			await remove( id );
			setNotice( {
				status: 'success',
				text: __( 'Flow deleted.', 'handoff-chat' ),
			} );
		} catch ( e ) {
			setNotice( { status: 'error', text: errorMessage( e ) } );
		}
	};

	const deletingFlow = flows.find( ( f ) => f.id === deleting );

	return (
		<div className="handoff-chat-flow-list">
			<div className="handoff-chat-flow-list__bar">
				<p>
					{ __(
						'A flow is what the chatbot says and asks, in sequences of steps, and when it hands the visitor to an advisor. Each chat widget block names the flow it runs.',
						'handoff-chat'
					) }
				</p>
				<div className="handoff-chat-flow-list__buttons">
					<Button
						variant="primary"
						icon={ plus }
						onClick={ () => setCreating( '' ) }
						disabled={ status !== 'ready' }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Add a flow', 'handoff-chat' ) }
					</Button>
					<Button
						variant="secondary"
						icon={ upload }
						onClick={ () => fileInput.current?.click() }
						disabled={ status !== 'ready' || importing }
						isBusy={ importing }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Import a flow', 'handoff-chat' ) }
					</Button>
					<input
						ref={ fileInput }
						type="file"
						accept=".json,application/json"
						hidden
						data-testid="handoff-chat-flow-import"
						onChange={ ( e ) => void onImportFile( e ) }
					/>
				</div>
			</div>
			{ notice && (
				<Notice
					status={ notice.status }
					onRemove={ () => setNotice( null ) }
				>
					{ notice.text }
					{ notice.details && (
						<ul>
							{ notice.details.map( ( d, i ) => (
								<li key={ i }>{ d }</li>
							) ) }
						</ul>
					) }
				</Notice>
			) }
			{ status === 'loading' && (
				<p className="handoff-chat-flow-list__loading">
					<Spinner /> { __( 'Loading flows…', 'handoff-chat' ) }
				</p>
			) }
			{ status === 'error' && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'handoff-chat' ),
							onClick: refresh,
						},
					] }
				>
					{ errorMessage( error ) }
				</Notice>
			) }
			{ status === 'ready' && starter && ! hasDefault && (
				<Notice
					status="info"
					isDismissible={ false }
					className="handoff-chat-flow-list__starter"
				>
					<p>
						{ __(
							'Chat widgets that name no flow offer live chat. Start from a template to greet visitors with a short chatbot: a greeting, “Talk to someone” and “Leave a question”, handing over to an advisor or asking for an email address when nobody is online. You can edit it afterwards.',
							'handoff-chat'
						) }
					</p>
					<Button
						variant="primary"
						onClick={ () => void onStarter() }
						isBusy={ starting }
						disabled={ starting }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ __( 'Start from a template', 'handoff-chat' ) }
					</Button>
				</Notice>
			) }
			{ status === 'ready' && (
				<Card>
					<CardBody size="none">
						<table className="wp-list-table widefat striped handoff-chat-flow-list__table">
							<thead>
								<tr>
									<th scope="col">
										{ __( 'Name', 'handoff-chat' ) }
									</th>
									<th scope="col">
										{ __( 'ID', 'handoff-chat' ) }
									</th>
									<th scope="col">
										{ __( 'Mode', 'handoff-chat' ) }
									</th>
									<th scope="col">
										{ __( 'Sequences', 'handoff-chat' ) }
									</th>
									<th scope="col">
										{ __( 'Last change', 'handoff-chat' ) }
									</th>
									<th scope="col">
										<span className="screen-reader-text">
											{ __( 'Actions', 'handoff-chat' ) }
										</span>
									</th>
								</tr>
							</thead>
							<tbody>
								{ flows.length === 0 && (
									<tr>
										<td colSpan={ 6 }>
											{ __(
												'No flows yet: the chat widgets offer live chat with your advisors.',
												'handoff-chat'
											) }
										</td>
									</tr>
								) }
								{ flows.map( ( f ) => (
									<tr key={ f.id }>
										<td>
											<Button
												variant="link"
												onClick={ () => onOpen( f.id ) }
											>
												<strong>{ f.name }</strong>
											</Button>
										</td>
										<td>
											<code>{ f.id }</code>
										</td>
										<td>{ modeLabel( f.mode ) }</td>
										<td>
											{ f.flow
												? sprintf(
														/* translators: %d: number of sequences in the flow. */
														_n(
															'%d sequence',
															'%d sequences',
															f.flow.sequences
																.length,
															'handoff-chat'
														),
														f.flow.sequences.length
													)
												: '…' }
										</td>
										<td>
											{ formatDateTime( f.updatedAt ) }
										</td>
										<td className="handoff-chat-flow-list__actions">
											<Button
												variant="secondary"
												size="compact"
												onClick={ () => onOpen( f.id ) }
											>
												{ __( 'Edit', 'handoff-chat' ) }
											</Button>
											<Button
												variant="tertiary"
												size="compact"
												onClick={ () =>
													setCreating( f.id )
												}
												disabled={ ! f.flow }
												accessibleWhenDisabled
											>
												{ __(
													'Duplicate',
													'handoff-chat'
												) }
											</Button>
											<Button
												variant="tertiary"
												size="compact"
												onClick={ () =>
													f.flow && onExport( f.flow )
												}
												disabled={ ! f.flow }
												accessibleWhenDisabled
											>
												{ __(
													'Export',
													'handoff-chat'
												) }
											</Button>
											<Button
												variant="tertiary"
												size="compact"
												isDestructive
												onClick={ () =>
													setDeleting( f.id )
												}
											>
												{ __(
													'Delete',
													'handoff-chat'
												) }
											</Button>
										</td>
									</tr>
								) ) }
							</tbody>
						</table>
					</CardBody>
				</Card>
			) }
			{ creating !== null && (
				<CreateFlowModal
					flows={ flows }
					starter={ starter }
					initialTemplate={ creating }
					onCreate={ onCreate }
					onClose={ () => setCreating( null ) }
				/>
			) }
			{ deleting && (
				<ConfirmDialog
					title={ __( 'Delete this flow?', 'handoff-chat' ) }
					confirmLabel={ __( 'Delete', 'handoff-chat' ) }
					onConfirm={ () => void confirmDelete() }
					onCancel={ () => setDeleting( null ) }
				>
					{ sprintf(
						/* translators: %s: name of the flow. */
						__(
							'“%s” will be deleted. Chat widgets set to use it must be switched to another flow; conversations running it are handed to the advisors.',
							'handoff-chat'
						),
						deletingFlow?.name ?? deleting
					) }
				</ConfirmDialog>
			) }
		</div>
	);
}
