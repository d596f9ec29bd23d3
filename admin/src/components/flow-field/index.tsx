/**
 * The flow editor's fields: @wordpress/components controls whose id comes from the
 * issue path they edit, so validation messages appear right under them (and the
 * summary can scroll to them). Text fields can carry the `{…}` variable picker.
 */
import {
	SelectControl,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import { useEffect, useLayoutEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	useFlowSequences,
	useFlowVariables,
	useIssueIndex,
} from '../../data/flow-editor-context';
import { fieldDomId } from '../../utils/flow-issues';
import { insertVariable } from '../../utils/flow-variables';
import VariablePicker from '../variable-picker';
import './index.scss';

/** The messages for one path, with the id the control's aria-describedby points at. */
export function FieldIssues( {
	path,
	messages,
}: {
	path: string;
	messages: string[];
} ) {
	if ( ! messages.length ) {
		return null;
	}
	return (
		<ul
			className="handoff-chat-field-issues"
			id={ `${ fieldDomId( path ) }-issues` }
		>
			{ messages.map( ( m ) => (
				<li key={ m }>{ m }</li>
			) ) }
		</ul>
	);
}

function describedBy( path: string, help: unknown, issues: string[] ) {
	const id = fieldDomId( path );
	return (
		[
			help ? `${ id }__help` : null,
			issues.length ? `${ id }-issues` : null,
		]
			.filter( Boolean )
			.join( ' ' ) || undefined
	);
}

interface TextProps {
	/** Issue path of the value, e.g. `sequences.0.steps.2.text`. */
	path: string;
	label: string;
	value: string;
	onChange: ( value: string ) => void;
	multiline?: boolean;
	/** Offer the `{…}` picker (texts the bot interpolates). */
	withVariables?: boolean;
	help?: string;
	placeholder?: string;
	type?: string;
	className?: string;
}

export function FlowTextControl( {
	path,
	label,
	value,
	onChange,
	multiline = false,
	withVariables = false,
	help,
	placeholder,
	type,
	className,
}: TextProps ) {
	const issues = useIssueIndex().at( path );
	const variables = useFlowVariables();
	const input = useRef< HTMLInputElement & HTMLTextAreaElement >( null );
	const caret = useRef< number | null >( null );
	const id = fieldDomId( path );

	// After an insertion, put the caret right after the variable.
	useEffect( () => {
		if ( caret.current === null ) {
			return undefined;
		}
		const at = caret.current;
		caret.current = null;
		// After the picker's popover has given focus back to its toggle.
		const timer = setTimeout( () => {
			const el = input.current;
			if ( el ) {
				el.focus();
				el.setSelectionRange( at, at );
			}
		} );
		return () => clearTimeout( timer );
	}, [ value ] );

	const insert = ( name: string ) => {
		const el = input.current;
		const next = insertVariable(
			value,
			name,
			el?.selectionStart,
			el?.selectionEnd
		);
		caret.current = next.caret;
		onChange( next.value );
	};

	const common = {
		id,
		label,
		value,
		help,
		placeholder,
		onChange,
		'aria-invalid': issues.length ? true : undefined,
		'aria-describedby': describedBy( path, help, issues ),
		__nextHasNoMarginBottom: true,
	};

	return (
		<div
			className={ `handoff-chat-flow-field${ issues.length ? ' has-issues' : '' }${
				withVariables ? ' has-variables' : ''
			}${ className ? ` ${ className }` : '' }` }
		>
			<div className="handoff-chat-flow-field__control">
				{ multiline ? (
					<TextareaControl { ...common } ref={ input } rows={ 2 } />
				) : (
					<TextControl
						{ ...common }
						ref={ input }
						type={ ( type ?? 'text' ) as 'text' }
						__next40pxDefaultSize
					/>
				) }
				{ withVariables && (
					<VariablePicker
						variables={ variables }
						onInsert={ insert }
						fieldLabel={ label }
					/>
				) }
			</div>
			<FieldIssues path={ path } messages={ issues } />
		</div>
	);
}

interface SelectProps {
	path: string;
	label: string;
	value: string;
	options: Array< { value: string; label: string; disabled?: boolean } >;
	onChange: ( value: string ) => void;
	help?: string;
	className?: string;
}

export function FlowSelectControl( {
	path,
	label,
	value,
	options,
	onChange,
	help,
	className,
}: SelectProps ) {
	const issues = useIssueIndex().at( path );
	const select = useRef< HTMLSelectElement >( null );
	const described = describedBy( path, help, issues );
	// SelectControl overwrites aria-describedby with its help's id: name the issues too.
	useLayoutEffect( () => {
		if ( described ) {
			select.current?.setAttribute( 'aria-describedby', described );
		} else {
			select.current?.removeAttribute( 'aria-describedby' );
		}
	} );
	return (
		<div
			className={ `handoff-chat-flow-field${ issues.length ? ' has-issues' : '' }${
				className ? ` ${ className }` : ''
			}` }
		>
			<SelectControl
				ref={ select }
				id={ fieldDomId( path ) }
				label={ label }
				value={ value }
				options={ options }
				help={ help }
				onChange={ ( v: string ) => onChange( v ) }
				aria-invalid={ issues.length ? true : undefined }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<FieldIssues path={ path } messages={ issues } />
		</div>
	);
}

interface SequenceSelectProps {
	path: string;
	label: string;
	value: string | null | undefined;
	onChange: ( value: string | null ) => void;
	/** Offer "none" (e.g. a condition's "otherwise: continue"), with this label. */
	noneLabel?: string;
	help?: string;
	className?: string;
}

/** A choice among the flow's sequences; a missing one stays visible (its issue says why). */
export function SequenceSelect( {
	path,
	label,
	value,
	onChange,
	noneLabel,
	help,
	className,
}: SequenceSelectProps ) {
	const sequences = useFlowSequences();
	const options = sequences.map( ( s ) => ( {
		value: s.id,
		label: s.name.trim() ? `${ s.name } (${ s.id })` : s.id,
	} ) );
	if ( value && ! sequences.some( ( s ) => s.id === value ) ) {
		options.unshift( {
			value,
			label: sprintf(
				/* translators: %s: id of a sequence that no longer exists. */
				__( '%s (missing)', 'handoff-chat' ),
				value
			),
		} );
	}
	if ( noneLabel !== undefined ) {
		options.unshift( { value: '', label: noneLabel } );
	} else if ( ! value ) {
		options.unshift( {
			value: '',
			label: __( '— Choose a sequence —', 'handoff-chat' ),
		} );
	}
	return (
		<FlowSelectControl
			path={ path }
			label={ label }
			value={ value ?? '' }
			options={ options }
			onChange={ ( v ) => onChange( v || null ) }
			help={ help }
			className={ className }
		/>
	);
}
