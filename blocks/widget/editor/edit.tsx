/**
 * Editor view: a visible placeholder (the launcher itself only exists on the front
 * end) saying what this page's chat will do, and the block's settings in the sidebar.
 * Per-page targeting is these attributes: each page's block picks its flow and start.
 */
import { DEFAULT_FLOW_ID } from '@handoff-chat/contracts/flow-ids';
import { __, sprintf } from '@wordpress/i18n';
import { InspectorControls, useBlockProps } from '@wordpress/block-editor';
import {
	Button,
	ExternalLink,
	Notice,
	PanelBody,
	Placeholder,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import type { BlockEditProps } from '@wordpress/blocks';
import { comment } from '@wordpress/icons';
import { editorSettings, type EditorFlow } from './editor-api';
import { useFlows, type FlowsState } from './use-flows';
import './editor.scss';

export type WidgetAttributes = {
	mode: 'bot' | 'live';
	/** '' = the bridge's default flow. */
	flowId: string;
	/** '' = the flow's own start sequence. */
	startSequence: string;
	title: string;
	position: 'right' | 'left';
};

type Option = { value: string; label: string };

const missing = ( id: string ): Option => ( {
	value: id,
	label: sprintf(
		/* translators: %s: id of a flow or sequence that no longer exists. */
		__( 'Missing: %s', 'handoff-chat' ),
		id
	),
} );

function flowOptions( flows: EditorFlow[], flowId: string ): Option[] {
	const options: Option[] = [
		// '' runs the bridge's default flow, whatever it is called.
		{ value: '', label: __( 'Default flow', 'handoff-chat' ) },
		...flows.map( ( f ) => ( {
			value: f.id,
			label:
				f.mode === 'live'
					? sprintf(
							/* translators: %s: flow name. */
							__( '%s (live chat only)', 'handoff-chat' ),
							f.name
						)
					: f.name,
		} ) ),
	];
	return flowId && ! flows.some( ( f ) => f.id === flowId )
		? [ ...options, missing( flowId ) ]
		: options;
}

function sequenceOptions(
	flow: EditorFlow | undefined,
	startSequence: string
): Option[] {
	const start = flow?.sequences.find( ( s ) => s.id === flow.startSequence );
	const options: Option[] = [
		{
			value: '',
			label: ! start
				? __( 'Flow’s start', 'handoff-chat' )
				: sprintf(
						/* translators: %s: name of the flow's first sequence. */
						__( 'Flow’s start (%s)', 'handoff-chat' ),
						start.name
					),
		},
		...( flow?.sequences ?? [] ).map( ( s ) => ( {
			value: s.id,
			label: s.name,
		} ) ),
	];
	return startSequence && ! options.some( ( o ) => o.value === startSequence )
		? [ ...options, missing( startSequence ) ]
		: options;
}

/**
 * One line for the canvas: which mode, flow and start this page's chat uses.
 * @param attributes    The block's attributes.
 * @param flow          The chosen (or default) flow, once loaded.
 * @param noDefaultFlow The flows are loaded and the site has no default flow.
 */
function summary(
	attributes: WidgetAttributes,
	flow: EditorFlow | undefined,
	noDefaultFlow = false
): string {
	if ( attributes.mode === 'live' ) {
		return __(
			'Live chat only: conversations go straight to your advisors.',
			'handoff-chat'
		);
	}
	if ( ! attributes.flowId && ! attributes.startSequence ) {
		// A new site has no default flow: the bridge runs live chat until one is saved.
		return noDefaultFlow
			? __(
					'Live chat for now: the site has no default bot flow yet (Conversations → Bot flows → Start from a template).',
					'handoff-chat'
				)
			: __(
					'Chatbot, then a human, with the default flow.',
					'handoff-chat'
				);
	}
	const flowName =
		flow?.name ??
		( attributes.flowId || __( 'Default flow', 'handoff-chat' ) );
	if ( ! attributes.startSequence ) {
		return sprintf(
			/* translators: %s: flow name. */
			__( 'Chatbot, then a human, with the flow “%s”.', 'handoff-chat' ),
			flowName
		);
	}
	// Names once the flows are loaded; until then (or if gone), the ids.
	const sequence = flow?.sequences.find(
		( s ) => s.id === attributes.startSequence
	);
	return sprintf(
		/* translators: 1: flow name, 2: sequence name. */
		__(
			'Chatbot, then a human, with the flow “%1$s” from its sequence “%2$s”.',
			'handoff-chat'
		),
		flowName,
		sequence?.name ?? attributes.startSequence
	);
}

function FlowSettings( {
	attributes,
	setAttributes,
	state,
	flow,
}: {
	attributes: WidgetAttributes;
	setAttributes: ( a: Partial< WidgetAttributes > ) => void;
	state: FlowsState;
	flow: EditorFlow | undefined;
} ) {
	const { flowId, startSequence } = attributes;
	const { flowsUrl, canManage } = editorSettings();

	if ( state.status === 'error' ) {
		return (
			<Notice
				status="error"
				isDismissible={ false }
				actions={ [
					{
						label: __( 'Retry', 'handoff-chat' ),
						onClick: state.reload,
					},
				] }
			>
				{ sprintf(
					/* translators: %s: why loading failed, e.g. "The bridge could not be reached". */
					__(
						'The bot flows could not be loaded: %s',
						'handoff-chat'
					),
					state.error
				) }
			</Notice>
		);
	}
	if ( state.status !== 'ready' ) {
		return (
			<p className="handoff-chat-editor__loading">
				<Spinner />
				{ __( 'Loading bot flows…', 'handoff-chat' ) }
			</p>
		);
	}
	const flowMissing =
		!! flowId && ! state.flows.some( ( f ) => f.id === flowId );
	return (
		<>
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ __( 'Bot flow', 'handoff-chat' ) }
				value={ flowId }
				options={ flowOptions( state.flows, flowId ) }
				onChange={ ( value: string ) =>
					// Sequences belong to a flow: a new flow starts from its own start.
					setAttributes( { flowId: value, startSequence: '' } )
				}
				help={
					flowMissing
						? __(
								'This flow no longer exists: conversations on this page cannot start. Choose another one.',
								'handoff-chat'
							)
						: flow?.mode === 'live' &&
							__(
								'This flow is set to live chat only: conversations go straight to your advisors.',
								'handoff-chat'
							)
				}
			/>
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ __( 'Start sequence', 'handoff-chat' ) }
				value={ startSequence }
				options={ sequenceOptions( flow, startSequence ) }
				onChange={ ( value: string ) =>
					setAttributes( { startSequence: value } )
				}
				help={ __(
					'Where the chatbot starts on this page, for example a sequence written for it.',
					'handoff-chat'
				) }
			/>
			<p className="handoff-chat-editor__flow-links">
				{ canManage && flowsUrl && (
					<ExternalLink href={ flowsUrl }>
						{ __( 'Edit bot flows', 'handoff-chat' ) }
					</ExternalLink>
				) }
				<Button variant="link" onClick={ state.reload }>
					{ __( 'Reload flows', 'handoff-chat' ) }
				</Button>
			</p>
		</>
	);
}

export default function Edit( {
	attributes,
	setAttributes,
}: BlockEditProps< WidgetAttributes > ) {
	const { mode, title, position } = attributes;
	const blockProps = useBlockProps( { className: 'handoff-chat-editor' } );
	const state = useFlows( mode === 'bot' );
	// The bridge starts the default flow when a widget names none (contracts; PHP's value only if it differs).
	const shownFlowId =
		attributes.flowId || editorSettings().defaultFlowId || DEFAULT_FLOW_ID;
	const flow = state.flows.find( ( f ) => f.id === shownFlowId );
	const corner =
		position === 'left'
			? __(
					'A chat launcher will appear at the bottom left corner of this page.',
					'handoff-chat'
				)
			: __(
					'A chat launcher will appear at the bottom right corner of this page.',
					'handoff-chat'
				);

	return (
		<>
			<InspectorControls>
				<PanelBody title={ __( 'Chat settings', 'handoff-chat' ) }>
					<div className="handoff-chat-editor-settings">
						<SelectControl
							__next40pxDefaultSize
							__nextHasNoMarginBottom
							label={ __( 'Mode', 'handoff-chat' ) }
							value={ mode }
							options={ [
								{
									value: 'bot',
									label: __(
										'Chatbot, then a human',
										'handoff-chat'
									),
								},
								{
									value: 'live',
									label: __(
										'Live chat only',
										'handoff-chat'
									),
								},
							] }
							onChange={ ( value: string ) =>
								setAttributes( {
									mode: value === 'live' ? 'live' : 'bot',
								} )
							}
							help={
								mode === 'bot'
									? __(
											'The chatbot answers first and hands over to an advisor when needed.',
											'handoff-chat'
										)
									: __(
											'Every conversation goes straight to your advisors.',
											'handoff-chat'
										)
							}
						/>
						{ mode === 'bot' && (
							<FlowSettings
								attributes={ attributes }
								setAttributes={ setAttributes }
								state={ state }
								flow={ flow }
							/>
						) }
						<TextControl
							__next40pxDefaultSize
							__nextHasNoMarginBottom
							label={ __( 'Panel title', 'handoff-chat' ) }
							value={ title }
							placeholder={ __( 'Chat with us', 'handoff-chat' ) }
							help={ __(
								'Leave empty to use “Chat with us”.',
								'handoff-chat'
							) }
							onChange={ ( value: string ) =>
								setAttributes( { title: value } )
							}
						/>
						<SelectControl
							__next40pxDefaultSize
							__nextHasNoMarginBottom
							label={ __( 'Position', 'handoff-chat' ) }
							value={ position }
							options={ [
								{
									value: 'right',
									label: __( 'Bottom right', 'handoff-chat' ),
								},
								{
									value: 'left',
									label: __( 'Bottom left', 'handoff-chat' ),
								},
							] }
							onChange={ ( value: string ) =>
								setAttributes( {
									position:
										value === 'left' ? 'left' : 'right',
								} )
							}
						/>
					</div>
				</PanelBody>
			</InspectorControls>
			<div { ...blockProps }>
				<Placeholder
					icon={ comment }
					label={ __( 'Handoff Chat', 'handoff-chat' ) }
					instructions={ corner }
				>
					<p className="handoff-chat-editor__summary">
						{ summary(
							attributes,
							flow,
							state.status === 'ready' && ! flow
						) }
					</p>
				</Placeholder>
			</div>
		</>
	);
}
