/**
 * A sequence's id: shown, and changed on demand (not on every keystroke) so that
 * references are rewritten once, to a valid and free id.
 */
import { Button, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import { SLUG_PATTERN, type FlowSequence } from '@handoff-chat/contracts';
import {
	useFlowDispatch,
	useFlowSequences,
	useIssueIndex,
} from '../../data/flow-editor-context';
import { fieldDomId } from '../../utils/flow-issues';
import { FieldIssues } from '../flow-field';

export default function SequenceId( {
	sequence,
	index,
}: {
	sequence: FlowSequence;
	index: number;
} ) {
	const dispatch = useFlowDispatch();
	const issues = useIssueIndex();
	const sequences = useFlowSequences();
	const [ editing, setEditing ] = useState< string | null >( null );
	const path = `sequences.${ index }.id`;
	const id = fieldDomId( path );

	if ( editing === null ) {
		return (
			<div className="handoff-chat-sequence__id">
				<span>{ __( 'ID:', 'handoff-chat' ) }</span>{ ' ' }
				<code>{ sequence.id }</code>{ ' ' }
				<Button
					variant="link"
					id={ id }
					onClick={ () => setEditing( sequence.id ) }
				>
					{ __( 'Change', 'handoff-chat' ) }
				</Button>
				<FieldIssues path={ path } messages={ issues.at( path ) } />
			</div>
		);
	}

	const valid =
		editing === sequence.id ||
		( SLUG_PATTERN.test( editing ) &&
			! sequences.some( ( s, i ) => i !== index && s.id === editing ) );
	const submit = ( e: FormEvent ) => {
		e.preventDefault();
		if ( valid ) {
			dispatch( { type: 'setSequenceId', index, id: editing } );
			setEditing( null );
		}
	};
	return (
		<form
			className="handoff-chat-sequence__id is-editing"
			onSubmit={ submit }
		>
			<TextControl
				id={ id }
				label={ __( 'Sequence ID', 'handoff-chat' ) }
				value={ editing }
				onChange={ ( v ) => setEditing( v.toLowerCase() ) }
				help={
					valid
						? __(
								'Steps of this flow that lead here follow the change. Widgets set to start at this sequence must be updated.',
								'handoff-chat'
							)
						: __(
								'Use lower-case letters, digits, - or _, and an ID no other sequence has.',
								'handoff-chat'
							)
				}
				aria-invalid={ ! valid }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<div className="handoff-chat-sequence__id-actions">
				<Button
					variant="primary"
					type="submit"
					disabled={ ! valid }
					accessibleWhenDisabled
				>
					{ __( 'Apply', 'handoff-chat' ) }
				</Button>
				<Button variant="tertiary" onClick={ () => setEditing( null ) }>
					{ __( 'Cancel', 'handoff-chat' ) }
				</Button>
			</div>
		</form>
	);
}
