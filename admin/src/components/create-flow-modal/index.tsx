/**
 * A new flow: from a blank template or a copy of an existing one. The id is made
 * from the name until the owner edits it; it must be free (it names the flow in
 * widgets' settings and cannot change afterwards).
 */
import {
	Button,
	Modal,
	Notice,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import { SLUG_PATTERN, type Flow } from '@handoff-chat/contracts';
import { errorMessage } from '../../api';
import { slugify, uniqueId } from '../../utils/flow-ids';
import { blankFlow, duplicateFlow } from '../../utils/flow-templates';
import { starterFlow, type StarterFlowTexts } from '../../utils/starter-flow';
import type { FlowListItem } from '../../data/use-flows';
import './index.scss';

/** The starter flow's value in the template list: not a flow id (ids never hold `#`). */
export const STARTER = '#starter';

interface Props {
	flows: FlowListItem[];
	/** Id of the flow to copy; '' for the blank template, STARTER for the starter flow. */
	initialTemplate: string;
	/** The starter flow's texts in the site's language; null: not offered. */
	starter?: StarterFlowTexts | null;
	onCreate: ( flow: Flow ) => Promise< void >;
	onClose: () => void;
}

export default function CreateFlowModal( {
	flows,
	initialTemplate,
	starter = null,
	onCreate,
	onClose,
}: Props ) {
	const source = flows.find( ( f ) => f.id === initialTemplate );
	const [ template, setTemplate ] = useState( initialTemplate );
	const [ name, setName ] = useState(
		source
			? sprintf(
					/* translators: %s: name of the flow being copied. */
					__( 'Copy of %s', 'handoff-chat' ),
					source.name
				)
			: ''
	);
	const [ id, setId ] = useState< string | null >( null );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );

	const taken = flows.map( ( f ) => f.id );
	const effectiveId = id ?? uniqueId( slugify( name ), taken );
	let idProblem: string | null = null;
	if ( ! SLUG_PATTERN.test( effectiveId ) ) {
		idProblem = __(
			'Use lower-case letters, digits, - or _ (up to 48).',
			'handoff-chat'
		);
	} else if ( taken.includes( effectiveId ) ) {
		idProblem = __( 'Another flow already has this ID.', 'handoff-chat' );
	}
	const copied = flows.find( ( f ) => f.id === template )?.flow ?? null;
	const fromStarter = template === STARTER && !! starter;
	const waitingForCopy = template !== '' && ! fromStarter && ! copied;
	const canCreate =
		!! name.trim() && ! idProblem && ! waitingForCopy && ! busy;

	const submit = async ( e: FormEvent ) => {
		e.preventDefault();
		if ( ! canCreate ) {
			return;
		}
		let flow: Flow;
		if ( fromStarter && starter ) {
			flow = starterFlow( effectiveId, name.trim(), starter );
		} else if ( copied ) {
			flow = duplicateFlow( copied, effectiveId, name.trim() );
		} else {
			flow = blankFlow( effectiveId, name.trim(), {
				sequenceName: __( 'Welcome', 'handoff-chat' ),
				greeting: __( 'Hello! How can I help you?', 'handoff-chat' ),
			} );
		}
		setBusy( true );
		setError( null );
		try {
			await onCreate( flow );
		} catch ( err ) {
			setError( errorMessage( err ) );
			setBusy( false );
		}
	};

	return (
		<Modal
			title={ __( 'New flow', 'handoff-chat' ) }
			onRequestClose={ onClose }
			className="handoff-chat-create-flow"
		>
			<form onSubmit={ submit }>
				{ error && (
					<Notice status="error" isDismissible={ false }>
						{ error }
					</Notice>
				) }
				<SelectControl
					label={ __( 'Start from', 'handoff-chat' ) }
					value={ template }
					options={ [
						{
							value: '',
							label: __( 'A blank flow', 'handoff-chat' ),
						},
						...( starter
							? [
									{
										value: STARTER,
										label: __(
											'The starter flow (greeting, talk to someone, leave a question)',
											'handoff-chat'
										),
									},
								]
							: [] ),
						...flows.map( ( f ) => ( {
							value: f.id,
							label: sprintf(
								/* translators: %s: name of an existing flow. */
								__( 'A copy of “%s”', 'handoff-chat' ),
								f.name
							),
						} ) ),
					] }
					onChange={ ( v ) => {
						setTemplate( v );
						// The starter names itself (in the site's language) unless a name was typed.
						if ( v === STARTER && starter && ! name.trim() ) {
							setName( starter.name );
						}
					} }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<TextControl
					label={ __( 'Name', 'handoff-chat' ) }
					value={ name }
					onChange={ setName }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<TextControl
					label={ __( 'ID', 'handoff-chat' ) }
					value={ effectiveId }
					onChange={ ( v ) => setId( v.toLowerCase() ) }
					help={
						idProblem ??
						__(
							'Widgets name the flow by this ID. It cannot be changed later.',
							'handoff-chat'
						)
					}
					aria-invalid={ !! idProblem }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<div className="handoff-chat-create-flow__actions">
					<Button variant="tertiary" onClick={ onClose }>
						{ __( 'Cancel', 'handoff-chat' ) }
					</Button>
					<Button
						variant="primary"
						type="submit"
						disabled={ ! canCreate }
						accessibleWhenDisabled
						isBusy={ busy }
						__next40pxDefaultSize
					>
						{ __( 'Create', 'handoff-chat' ) }
					</Button>
				</div>
			</form>
		</Modal>
	);
}
