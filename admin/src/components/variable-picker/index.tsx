/**
 * The `{…}` button beside a text field: lists the flow's variables and inserts the
 * chosen one as `{{NAME}}` where the cursor was (the field does the insertion).
 * Any other name can be typed.
 */
import {
	Button,
	Dropdown,
	MenuGroup,
	MenuItem,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { FormEvent } from 'react';
import { toVariableName } from '../../utils/flow-variables';
import './index.scss';

interface Props {
	variables: string[];
	onInsert: ( name: string ) => void;
	/** Names the field, for the button's accessible label. */
	fieldLabel: string;
	/** Heading of the list; "Variables of this flow" by default. */
	groupLabel?: string;
	/** Shown when the list is empty. */
	emptyText?: string;
}

function OtherVariable( { onInsert }: { onInsert: ( name: string ) => void } ) {
	const [ typed, setTyped ] = useState( '' );
	const name = toVariableName( typed );
	const submit = ( e: FormEvent ) => {
		e.preventDefault();
		if ( name ) {
			onInsert( name );
		}
	};
	return (
		<form
			className="handoff-chat-variable-picker__other"
			onSubmit={ submit }
		>
			<TextControl
				label={ __( 'Other variable', 'handoff-chat' ) }
				value={ typed }
				onChange={ setTyped }
				help={ name ? `{{${ name }}}` : undefined }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<Button
				variant="secondary"
				type="submit"
				disabled={ ! name }
				__next40pxDefaultSize
			>
				{ __( 'Insert', 'handoff-chat' ) }
			</Button>
		</form>
	);
}

export default function VariablePicker( {
	variables,
	onInsert,
	fieldLabel,
	groupLabel,
	emptyText,
}: Props ) {
	return (
		<Dropdown
			className="handoff-chat-variable-picker"
			popoverProps={ { placement: 'bottom-end' } }
			renderToggle={ ( { isOpen, onToggle } ) => (
				<Button
					className="handoff-chat-variable-picker__toggle"
					variant="secondary"
					size="compact"
					onClick={ onToggle }
					aria-expanded={ isOpen }
					label={ sprintfLabel( fieldLabel ) }
					showTooltip
				>
					{ '{…}' }
				</Button>
			) }
			renderContent={ ( { onClose } ) => {
				const insert = ( name: string ) => {
					onClose();
					onInsert( name );
				};
				return (
					<div className="handoff-chat-variable-picker__content">
						{ variables.length ? (
							<MenuGroup
								label={
									groupLabel ??
									__(
										'Variables of this flow',
										'handoff-chat'
									)
								}
							>
								{ variables.map( ( v ) => (
									<MenuItem
										key={ v }
										onClick={ () => insert( v ) }
									>
										{ `{{${ v }}}` }
									</MenuItem>
								) ) }
							</MenuGroup>
						) : (
							<p className="handoff-chat-variable-picker__empty">
								{ emptyText ??
									__(
										'No variables yet: questions and "Set a variable" steps create them.',
										'handoff-chat'
									) }
							</p>
						) }
						<OtherVariable onInsert={ insert } />
					</div>
				);
			} }
		/>
	);
}

function sprintfLabel( fieldLabel: string ): string {
	return fieldLabel
		? sprintf(
				/* translators: %s: label of the text field, e.g. "Message". */
				__( 'Insert a variable in "%s"', 'handoff-chat' ),
				fieldLabel
			)
		: __( 'Insert a variable', 'handoff-chat' );
}
