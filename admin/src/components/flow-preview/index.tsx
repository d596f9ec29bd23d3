/**
 * Plays the flow being edited with the bridge's own engine, in the browser: the
 * transcript is shown as the advisors see it in the inbox (notes, transfer events),
 * with the visitor's controls below and the variables captured so far.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	SelectControl,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { memo, useMemo, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import { flowSchema, type Flow } from '@handoff-chat/contracts';
import { answerTypeLabel } from '../../utils/flow-labels';
import {
	activeButtons,
	activeButtonsMessageId,
	botListens,
	EMPTY_PREVIEW,
	pendingQuestion,
	previewReducer,
	type PreviewAction,
	type PreviewState,
} from '../../utils/flow-preview';
import { safeHttpUrl } from '../../utils/safe-url';
import { stateLabel } from '../../utils/labels';
import MessageLog from '../message-log';
import './index.scss';

const noop = () => undefined;

interface Props {
	/** The draft; played as the schema reads it (defaults filled in). */
	flow: Flow;
	/** False while the draft has problems: the preview may stop where they are. */
	valid: boolean;
}

function FlowPreview( { flow: draft, valid }: Props ) {
	const parsed = useMemo( () => flowSchema.safeParse( draft ), [ draft ] );
	const flow = parsed.success ? parsed.data : null;
	const [ preview, setPreview ] = useState< PreviewState >( EMPTY_PREVIEW );
	const [ online, setOnline ] = useState( true );
	const [ start, setStart ] = useState( '' );
	const [ typed, setTyped ] = useState( '' );

	const act = ( action: PreviewAction ) =>
		setPreview( ( p ) =>
			previewReducer( flow, p, action, {
				advisorsOnline: online,
				now: new Date().toISOString(),
			} )
		);

	const buttons = activeButtons( flow, preview );
	const question = pendingQuestion( preview );
	const canType = !! preview.state && preview.state !== 'closed';
	const variables = Object.entries( preview.variables ).sort(
		( [ a ], [ b ] ) => a.localeCompare( b )
	);

	let inputHelp: string | undefined;
	if ( question ) {
		inputHelp = sprintf(
			/* translators: 1: kind of answer expected, e.g. Email address; 2: variable name. */
			__( 'Expected: %1$s, kept in %2$s', 'handoff-chat' ),
			answerTypeLabel( question.answerType ),
			`{{${ question.variable }}}`
		);
	} else if ( ! botListens( preview ) ) {
		inputHelp = __(
			'The bot is silent: an advisor would answer.',
			'handoff-chat'
		);
	}

	const send = ( e: FormEvent ) => {
		e.preventDefault();
		if ( typed.trim() ) {
			act( { type: 'text', text: typed } );
			setTyped( '' );
		}
	};

	return (
		<Card className="handoff-chat-flow-preview" size="small">
			<CardHeader>
				<h2>{ __( 'Preview', 'handoff-chat' ) }</h2>
				{ preview.state && (
					<span className="handoff-chat-flow-preview__state">
						{ stateLabel( preview.state ) }
					</span>
				) }
			</CardHeader>
			<CardBody>
				{ ! flow && (
					<Notice status="warning" isDismissible={ false }>
						{ __(
							'Fix the problems above to play the flow.',
							'handoff-chat'
						) }
					</Notice>
				) }
				{ flow && ! valid && (
					<Notice status="warning" isDismissible={ false }>
						{ __(
							'The flow has problems: the preview may stop where they are.',
							'handoff-chat'
						) }
					</Notice>
				) }
				{ draft.mode === 'live' && (
					<Notice status="info" isDismissible={ false }>
						{ __(
							'This flow is set to live chat only: on the site, conversations go straight to the advisors. The preview still plays the sequences.',
							'handoff-chat'
						) }
					</Notice>
				) }
				<div className="handoff-chat-flow-preview__setup">
					<SelectControl
						label={ __( 'Start at', 'handoff-chat' ) }
						value={ start }
						options={ [
							{
								value: '',
								label: __(
									'The start sequence',
									'handoff-chat'
								),
							},
							...draft.sequences.map( ( s ) => ( {
								value: s.id,
								label: s.name || s.id,
							} ) ),
						] }
						onChange={ setStart }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<ToggleControl
						label={ __( 'An advisor is online', 'handoff-chat' ) }
						checked={ online }
						onChange={ setOnline }
						__nextHasNoMarginBottom
					/>
					<Button
						variant="primary"
						onClick={ () =>
							act( { type: 'start', sequence: start || null } )
						}
						disabled={ ! flow }
						accessibleWhenDisabled
						__next40pxDefaultSize
					>
						{ preview.state
							? __( 'Restart', 'handoff-chat' )
							: __( 'Start', 'handoff-chat' ) }
					</Button>
				</div>
				{ preview.state ? (
					<div className="handoff-chat-flow-preview__chat">
						<MessageLog
							messages={ preview.messages }
							pending={ [] }
							onRetry={ noop }
							onDiscard={ noop }
							liveButtonsOf={
								buttons.length
									? activeButtonsMessageId( preview )
									: null
							}
						/>
						{ buttons.length > 0 && (
							<div
								className="handoff-chat-flow-preview__buttons"
								role="group"
								aria-label={ __(
									'Quick replies',
									'handoff-chat'
								) }
							>
								{ buttons.map( ( b ) => {
									const url = b.url
										? safeHttpUrl( b.url )
										: null;
									return url ? (
										<Button
											key={ b.id }
											variant="secondary"
											href={ url }
											target="_blank"
											rel="noopener noreferrer"
										>
											{ b.label }
										</Button>
									) : (
										<Button
											key={ b.id }
											variant="secondary"
											onClick={ () =>
												act( {
													type: 'button',
													stepId: b.stepId,
													buttonId: b.id,
												} )
											}
										>
											{ b.label }
										</Button>
									);
								} ) }
							</div>
						) }
						{ canType && (
							<form
								className="handoff-chat-flow-preview__input"
								onSubmit={ send }
							>
								<TextControl
									label={ __(
										'Visitor’s message',
										'handoff-chat'
									) }
									value={ typed }
									onChange={ setTyped }
									help={ inputHelp }
									__nextHasNoMarginBottom
									__next40pxDefaultSize
								/>
								<Button
									variant="secondary"
									type="submit"
									__next40pxDefaultSize
								>
									{ __( 'Send', 'handoff-chat' ) }
								</Button>
							</form>
						) }
						<div className="handoff-chat-flow-preview__actions">
							{ preview.state === 'bot' && (
								<Button
									variant="tertiary"
									onClick={ () =>
										act( { type: 'request_human' } )
									}
								>
									{ __( 'Talk to a human', 'handoff-chat' ) }
								</Button>
							) }
							{ ( preview.state === 'waiting' ||
								preview.state === 'live' ) && (
								<Button
									variant="tertiary"
									onClick={ () =>
										act( { type: 'back_to_bot' } )
									}
								>
									{ preview.backToBot?.label ||
										__(
											'Back to chatbot',
											'handoff-chat'
										) }
								</Button>
							) }
						</div>
					</div>
				) : (
					<p className="handoff-chat-flow-preview__intro">
						{ __(
							'Plays the flow as it is now, unsaved changes included, with the same engine as the chat server. Nothing is sent or stored.',
							'handoff-chat'
						) }
					</p>
				) }
				<h3>{ __( 'Variables captured', 'handoff-chat' ) }</h3>
				{ variables.length ? (
					<dl className="handoff-chat-flow-preview__variables">
						{ variables.map( ( [ name, value ] ) => (
							<div key={ name }>
								<dt>{ name }</dt>
								<dd>{ value }</dd>
							</div>
						) ) }
					</dl>
				) : (
					<p className="handoff-chat-flow-preview__none">
						{ __( 'None yet.', 'handoff-chat' ) }
					</p>
				) }
			</CardBody>
		</Card>
	);
}

// Its flow changes once a check ran, not on every keystroke.
export default memo( FlowPreview );
