/**
 * Conversations → Integrations (site managers): outgoing webhooks (endpoints, their signing
 * secret shown once, "Send a test event" and the delivery log) and site API keys (created with a
 * scope, shown once, revoked). Loaded on demand: the inbox never downloads it.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	CheckboxControl,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	WEBHOOK_EVENTS,
	type ApiKey,
	type ApiKeyScope,
	type WebhookDelivery,
	type WebhookEndpoint,
	type WebhookEventType,
} from '@handoff-chat/contracts';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api';
import { useServices } from '../../data/services';
import ConfirmDialog from '../confirm-dialog';
import './index.scss';

const EVENT_LABELS: Record< WebhookEventType, () => string > = {
	'conversation.created': () => __( 'Conversation started', 'handoff-chat' ),
	'conversation.escalated': () =>
		__( 'Transferred to a human', 'handoff-chat' ),
	'conversation.assigned': () =>
		__( 'Assigned to an advisor', 'handoff-chat' ),
	'message.created': () => __( 'New message', 'handoff-chat' ),
	'conversation.closed': () => __( 'Conversation closed', 'handoff-chat' ),
	'conversation.rated': () => __( 'Conversation rated', 'handoff-chat' ),
};

const when = ( iso: string ) => new Date( iso ).toLocaleString();

/** A value shown once (a secret, a key), with a button to copy it. */
function ShownOnce( {
	label,
	value,
	onDone,
}: {
	label: string;
	value: string;
	onDone: () => void;
} ) {
	const [ copied, setCopied ] = useState( false );
	return (
		<Notice
			status="warning"
			isDismissible={ false }
			className="handoff-chat-integrations__once"
		>
			<p>{ label }</p>
			<code className="handoff-chat-integrations__secret">{ value }</code>
			<div className="handoff-chat-integrations__row">
				<Button
					variant="secondary"
					onClick={ () =>
						void navigator.clipboard
							?.writeText( value )
							.then( () => setCopied( true ) )
							.catch( () => undefined )
					}
				>
					{ copied
						? __( 'Copied', 'handoff-chat' )
						: __( 'Copy', 'handoff-chat' ) }
				</Button>
				<Button variant="primary" onClick={ onDone }>
					{ __( 'I have copied it', 'handoff-chat' ) }
				</Button>
			</div>
		</Notice>
	);
}

function DeliveryLog( { endpointId }: { endpointId: string } ) {
	const { api } = useServices();
	const [ rows, setRows ] = useState< WebhookDelivery[] | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const load = useCallback( () => {
		api.listWebhookDeliveries( endpointId )
			.then( ( r ) => {
				setRows( r );
				setError( null );
			} )
			.catch( ( e ) => setError( errorMessage( e ) ) );
	}, [ api, endpointId ] );
	useEffect( () => {
		load();
		// Deliveries and retries happen in the background: the open log follows them.
		const timer = setInterval( load, 3000 );
		return () => clearInterval( timer );
	}, [ load ] );

	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error }
			</Notice>
		);
	}
	if ( ! rows ) {
		return <Spinner />;
	}
	if ( ! rows.length ) {
		return (
			<p className="handoff-chat-integrations__empty">
				{ __( 'No delivery yet.', 'handoff-chat' ) }
			</p>
		);
	}
	return (
		<table
			className="widefat striped handoff-chat-integrations__log"
			aria-label={ __( 'Delivery log', 'handoff-chat' ) }
		>
			<thead>
				<tr>
					<th>{ __( 'Time', 'handoff-chat' ) }</th>
					<th>{ __( 'Event', 'handoff-chat' ) }</th>
					<th>{ __( 'Attempt', 'handoff-chat' ) }</th>
					<th>{ __( 'Result', 'handoff-chat' ) }</th>
					<th>{ __( 'Duration', 'handoff-chat' ) }</th>
				</tr>
			</thead>
			<tbody>
				{ rows.map( ( d ) => (
					<tr key={ d.id }>
						<td>{ when( d.at ) }</td>
						<td>
							<code>{ d.eventType }</code>
						</td>
						<td>{ d.attempt }</td>
						<td>
							{ d.delivered
								? sprintf(
										/* translators: %d: the HTTP status code the endpoint answered. */
										__( 'Delivered (%d)', 'handoff-chat' ),
										d.statusCode ?? 0
									)
								: sprintf(
										/* translators: %s: why the delivery failed. */
										__( 'Failed: %s', 'handoff-chat' ),
										d.error ?? ''
									) }
						</td>
						<td>
							{ sprintf(
								/* translators: %d: milliseconds. */
								__( '%d ms', 'handoff-chat' ),
								d.durationMs
							) }
						</td>
					</tr>
				) ) }
			</tbody>
		</table>
	);
}

function EndpointItem( {
	endpoint,
	onDeleted,
}: {
	endpoint: WebhookEndpoint;
	onDeleted: () => void;
} ) {
	const { api } = useServices();
	const [ showLog, setShowLog ] = useState( false );
	const [ confirming, setConfirming ] = useState( false );
	const [ notice, setNotice ] = useState< {
		status: 'success' | 'error';
		text: string;
	} | null >( null );
	// Remounts the log so it reads again at once after a test event.
	const [ logKey, setLogKey ] = useState( 0 );

	const sendTest = () => {
		api.sendTestWebhook( endpoint.id )
			.then( () => {
				setNotice( {
					status: 'success',
					text: __(
						'Test event queued: it appears in the delivery log once sent.',
						'handoff-chat'
					),
				} );
				setShowLog( true );
				setLogKey( ( k ) => k + 1 );
			} )
			.catch( ( e ) =>
				setNotice( { status: 'error', text: errorMessage( e ) } )
			);
	};

	return (
		<li className="handoff-chat-integrations__item">
			<div className="handoff-chat-integrations__row">
				<code className="handoff-chat-integrations__url">
					{ endpoint.url }
				</code>
			</div>
			<p className="handoff-chat-integrations__events">
				{ endpoint.events
					.map( ( e ) => EVENT_LABELS[ e ]?.() ?? e )
					.join( ', ' ) }
			</p>
			<div className="handoff-chat-integrations__row">
				<Button variant="secondary" onClick={ sendTest }>
					{ __( 'Send a test event', 'handoff-chat' ) }
				</Button>
				<Button
					variant="tertiary"
					aria-expanded={ showLog }
					onClick={ () => setShowLog( ! showLog ) }
				>
					{ showLog
						? __( 'Hide the delivery log', 'handoff-chat' )
						: __( 'Show the delivery log', 'handoff-chat' ) }
				</Button>
				<Button
					variant="tertiary"
					isDestructive
					onClick={ () => setConfirming( true ) }
				>
					{ __( 'Delete', 'handoff-chat' ) }
				</Button>
			</div>
			{ notice && (
				<Notice
					status={ notice.status }
					onRemove={ () => setNotice( null ) }
				>
					{ notice.text }
				</Notice>
			) }
			{ showLog && (
				<DeliveryLog key={ logKey } endpointId={ endpoint.id } />
			) }
			{ confirming && (
				<ConfirmDialog
					title={ __( 'Delete this webhook?', 'handoff-chat' ) }
					confirmLabel={ __( 'Delete', 'handoff-chat' ) }
					onCancel={ () => setConfirming( false ) }
					onConfirm={ () => {
						setConfirming( false );
						api.deleteWebhook( endpoint.id )
							.then( onDeleted )
							.catch( ( e ) =>
								setNotice( {
									status: 'error',
									text: errorMessage( e ),
								} )
							);
					} }
				>
					{ __(
						'Events stop being sent to this address, and its delivery log is deleted.',
						'handoff-chat'
					) }
				</ConfirmDialog>
			) }
		</li>
	);
}

/**
 * What a section manages: its list read from the bridge, the last error, and the value a
 * creation returns to be shown once (a signing secret, a key).
 */
function useManagedList< T >( list: () => Promise< T[] > ) {
	const [ items, setItems ] = useState< T[] | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ busy, setBusy ] = useState( false );
	const [ shown, setShown ] = useState< string | null >( null );
	const load = useCallback( () => {
		list()
			.then( setItems )
			.catch( ( e ) => setError( errorMessage( e ) ) );
	}, [ list ] );
	useEffect( load, [ load ] );
	/** Runs a creation; what it resolves to is shown once, then the form is reset and the list read again. */
	const create = ( make: () => Promise< string >, reset: () => void ) => {
		setBusy( true );
		setError( null );
		make()
			.then( ( value ) => {
				setShown( value );
				reset();
				load();
			} )
			.catch( ( e ) => setError( errorMessage( e ) ) )
			.finally( () => setBusy( false ) );
	};
	return { items, error, setError, busy, shown, setShown, load, create };
}

/** A card of the screen: intro, errors, the value shown once, the list (or its empty text) and the creation form. */
function ManagedSection< T >( {
	title,
	intro,
	state,
	shownLabel,
	emptyText,
	renderList,
	formTitle,
	submitLabel,
	canSubmit,
	onSubmit,
	fields,
	children,
}: {
	title: string;
	intro: string;
	state: ReturnType< typeof useManagedList< T > >;
	shownLabel: string;
	emptyText: string;
	renderList: ( items: T[] ) => ReactNode;
	formTitle: string;
	submitLabel: string;
	canSubmit: boolean;
	onSubmit: () => void;
	fields: ReactNode;
	children?: ReactNode;
} ) {
	const { items, error, setError, busy, shown, setShown } = state;
	return (
		<Card className="handoff-chat-integrations__card">
			<CardHeader>
				<h2>{ title }</h2>
			</CardHeader>
			<CardBody>
				<p>{ intro }</p>
				{ error && (
					<Notice status="error" onRemove={ () => setError( null ) }>
						{ error }
					</Notice>
				) }
				{ shown && (
					<ShownOnce
						label={ shownLabel }
						value={ shown }
						onDone={ () => setShown( null ) }
					/>
				) }
				{ items === null && ! error && <Spinner /> }
				{ items?.length === 0 && (
					<p className="handoff-chat-integrations__empty">
						{ emptyText }
					</p>
				) }
				{ !! items?.length && renderList( items ) }
				<form
					className="handoff-chat-integrations__form"
					onSubmit={ ( ev ) => {
						ev.preventDefault();
						onSubmit();
					} }
				>
					<h3>{ formTitle }</h3>
					{ fields }
					<Button
						variant="primary"
						type="submit"
						isBusy={ busy }
						disabled={ busy || ! canSubmit }
					>
						{ submitLabel }
					</Button>
				</form>
				{ children }
			</CardBody>
		</Card>
	);
}

function Webhooks() {
	const { api } = useServices();
	const state = useManagedList(
		useCallback( () => api.listWebhooks(), [ api ] )
	);
	const [ url, setUrl ] = useState( '' );
	const [ events, setEvents ] = useState< WebhookEventType[] >( [
		...WEBHOOK_EVENTS,
	] );

	return (
		<ManagedSection
			title={ __( 'Webhooks', 'handoff-chat' ) }
			intro={ __(
				'The bridge sends these events to your addresses as signed JSON (header X-Handoff-Webhook-Signature), and retries failed deliveries with growing delays.',
				'handoff-chat'
			) }
			state={ state }
			shownLabel={ __(
				'Signing secret of the new webhook. Copy it now: it will not be shown again.',
				'handoff-chat'
			) }
			emptyText={ __( 'No webhook yet.', 'handoff-chat' ) }
			renderList={ ( endpoints ) => (
				<ul className="handoff-chat-integrations__list">
					{ endpoints.map( ( e ) => (
						<EndpointItem
							key={ e.id }
							endpoint={ e }
							onDeleted={ state.load }
						/>
					) ) }
				</ul>
			) }
			formTitle={ __( 'Add a webhook', 'handoff-chat' ) }
			submitLabel={ __( 'Add webhook', 'handoff-chat' ) }
			canSubmit={ !! url.trim() && !! events.length }
			onSubmit={ () =>
				state.create(
					() =>
						api
							.createWebhook( { url: url.trim(), events } )
							.then( ( created ) => created.secret ),
					() => setUrl( '' )
				)
			}
			fields={
				<>
					<TextControl
						label={ __( 'Address (https://…)', 'handoff-chat' ) }
						type="url"
						value={ url }
						onChange={ setUrl }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<fieldset>
						<legend>{ __( 'Events', 'handoff-chat' ) }</legend>
						{ WEBHOOK_EVENTS.map( ( e ) => (
							<CheckboxControl
								key={ e }
								label={ EVENT_LABELS[ e ]() }
								checked={ events.includes( e ) }
								onChange={ ( on ) =>
									setEvents(
										WEBHOOK_EVENTS.filter( ( x ) =>
											x === e ? on : events.includes( x )
										)
									)
								}
								__nextHasNoMarginBottom
							/>
						) ) }
					</fieldset>
				</>
			}
		/>
	);
}

function ApiKeys() {
	const { api } = useServices();
	const state = useManagedList(
		useCallback( () => api.listApiKeys(), [ api ] )
	);
	const [ name, setName ] = useState( '' );
	const [ scope, setScope ] = useState< ApiKeyScope >( 'read' );
	const [ revoking, setRevoking ] = useState< ApiKey | null >( null );

	const scopeLabel = ( sc: ApiKeyScope ) =>
		sc === 'read'
			? __( 'Read', 'handoff-chat' )
			: __( 'Read and write', 'handoff-chat' );

	return (
		<ManagedSection
			title={ __( 'API keys', 'handoff-chat' ) }
			intro={ __(
				'Keys let your own tools call the bridge’s API (Authorization: Bearer …). Read keys see the inbox and its conversations; read and write keys may also close, reopen and assign conversations.',
				'handoff-chat'
			) }
			state={ state }
			shownLabel={ __(
				'Your new API key. Copy it now: it will not be shown again.',
				'handoff-chat'
			) }
			emptyText={ __( 'No API key yet.', 'handoff-chat' ) }
			renderList={ ( keys ) => (
				<table
					className="widefat striped"
					aria-label={ __( 'API keys', 'handoff-chat' ) }
				>
					<thead>
						<tr>
							<th>{ __( 'Name', 'handoff-chat' ) }</th>
							<th>{ __( 'Key', 'handoff-chat' ) }</th>
							<th>{ __( 'Access', 'handoff-chat' ) }</th>
							<th>{ __( 'Created', 'handoff-chat' ) }</th>
							<th>{ __( 'Last used', 'handoff-chat' ) }</th>
							<th>
								<span className="screen-reader-text">
									{ __( 'Actions', 'handoff-chat' ) }
								</span>
							</th>
						</tr>
					</thead>
					<tbody>
						{ keys.map( ( k ) => (
							<tr key={ k.id }>
								<td>{ k.name }</td>
								<td>
									<code>{ k.prefix }…</code>
								</td>
								<td>{ scopeLabel( k.scope ) }</td>
								<td>{ when( k.createdAt ) }</td>
								<td>
									{ k.lastUsedAt
										? when( k.lastUsedAt )
										: __( 'Never', 'handoff-chat' ) }
								</td>
								<td>
									<Button
										variant="tertiary"
										isDestructive
										onClick={ () => setRevoking( k ) }
										label={ sprintf(
											/* translators: %s: the API key's name. */
											__( 'Revoke %s', 'handoff-chat' ),
											k.name
										) }
									>
										{ __( 'Revoke', 'handoff-chat' ) }
									</Button>
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
			formTitle={ __( 'Create an API key', 'handoff-chat' ) }
			submitLabel={ __( 'Create key', 'handoff-chat' ) }
			canSubmit={ !! name.trim() }
			onSubmit={ () =>
				state.create(
					() =>
						api
							.createApiKey( { name: name.trim(), scope } )
							.then( ( k ) => k.key ),
					() => setName( '' )
				)
			}
			fields={
				<>
					<TextControl
						label={ __( 'Name', 'handoff-chat' ) }
						help={ __(
							'What uses it, e.g. “CRM sync”.',
							'handoff-chat'
						) }
						value={ name }
						onChange={ setName }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<SelectControl
						label={ __( 'Access', 'handoff-chat' ) }
						value={ scope }
						options={ [
							{ value: 'read', label: scopeLabel( 'read' ) },
							{
								value: 'read-write',
								label: scopeLabel( 'read-write' ),
							},
						] }
						onChange={ ( v ) => setScope( v as ApiKeyScope ) }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
				</>
			}
		>
			{ revoking && (
				<ConfirmDialog
					title={ __( 'Revoke this API key?', 'handoff-chat' ) }
					confirmLabel={ __( 'Revoke', 'handoff-chat' ) }
					onCancel={ () => setRevoking( null ) }
					onConfirm={ () => {
						const k = revoking;
						setRevoking( null );
						api.revokeApiKey( k.id )
							.then( state.load )
							.catch( ( e ) =>
								state.setError( errorMessage( e ) )
							);
					} }
				>
					{ sprintf(
						/* translators: %s: the API key's name. */
						__(
							'Whatever uses “%s” loses access at once.',
							'handoff-chat'
						),
						revoking.name
					) }
				</ConfirmDialog>
			) }
		</ManagedSection>
	);
}

export default function IntegrationsScreen() {
	const { canManage = false } = useServices();
	if ( ! canManage ) {
		return (
			<Notice status="warning" isDismissible={ false }>
				{ __(
					'Only the site’s managers can manage integrations.',
					'handoff-chat'
				) }
			</Notice>
		);
	}
	return (
		<div className="handoff-chat-integrations">
			<Webhooks />
			<ApiKeys />
		</div>
	);
}
