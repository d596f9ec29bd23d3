/**
 * The visitor's variables (captured by the bot, or added by advisors: email, company,
 * anything): listed, edited in place, deleted after a confirmation, and added with an
 * UPPER_CASE name. Saved with PUT …/variables; the bridge's refusals show inline.
 * A logged-in customer's WP_… variables are what WordPress vouched for: shown as verified,
 * never edited here (the bridge refuses it too). Values are always React text.
 */
import { Button, Spinner, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';
import { pencil, trash } from '@wordpress/icons';
import { IDENTITY_VARIABLE_PREFIX } from '@handoff-chat/contracts';
import { errorMessage } from '../../api';
import type { VisitorState } from '../../data/use-visitor';
import { formatDateTime } from '../../utils/relative-time';
import {
	MAX_VARIABLE_VALUE,
	normaliseVariableName,
	VARIABLE_NAME,
} from '../../utils/variable-name';
import ConfirmDialog from '../confirm-dialog';
import LicenceNotice from '../licence-notice';
import './index.scss';

interface Props {
	conversationId: string;
	visitor: VisitorState;
}

export default function VisitorVariables( { conversationId, visitor }: Props ) {
	const { variables, hidden, status, error, refresh, save } = visitor;
	const headingId = `handoff-chat-variables-${ conversationId }`;
	const [ editing, setEditing ] = useState< string | null >( null );
	const [ deleting, setDeleting ] = useState< string | null >( null );
	const [ problem, setProblem ] = useState< string | null >( null );

	const run = ( changes: Record< string, string | null > ) => {
		setProblem( null );
		return save( changes ).then(
			() => true,
			( e: unknown ) => {
				setProblem( errorMessage( e ) );
				return false;
			}
		);
	};

	return (
		<section
			className="handoff-chat-variables"
			aria-labelledby={ headingId }
		>
			<h3 id={ headingId }>
				{ __( 'Visitor variables', 'handoff-chat' ) }
			</h3>
			{ status === 'loading' && <Spinner /> }
			{ status === 'error' && (
				<p className="handoff-chat-variables__error">
					{ error?.message }{ ' ' }
					<Button variant="link" onClick={ refresh }>
						{ __( 'Try again', 'handoff-chat' ) }
					</Button>
				</p>
			) }
			{ status === 'ready' && hidden && <LicenceNotice /> }
			{ status === 'ready' && ! hidden && (
				<>
					{ variables.length ? (
						<dl className="handoff-chat-variables__list">
							{ variables.map( ( v ) => (
								<div
									key={ v.name }
									title={ formatDateTime( v.updatedAt ) }
								>
									<dt>{ v.name }</dt>
									{ editing === v.name ? (
										<dd>
											<ValueForm
												name={ v.name }
												initial={ v.value }
												onCancel={ () =>
													setEditing( null )
												}
												onSave={ ( value ) =>
													run( {
														[ v.name ]: value,
													} ).then(
														( ok ) =>
															ok &&
															setEditing( null )
													)
												}
											/>
										</dd>
									) : (
										<dd>
											<span className="handoff-chat-variables__value">
												{ v.value }
											</span>
											{ v.name.startsWith(
												IDENTITY_VARIABLE_PREFIX
											) ? (
												<span className="handoff-chat-variables__verified">
													{ __(
														'Verified by WordPress',
														'handoff-chat'
													) }
												</span>
											) : (
												<span className="handoff-chat-variables__actions">
													<Button
														icon={ pencil }
														size="small"
														label={ sprintf(
															/* translators: %s: a variable name, e.g. EMAIL. */
															__(
																'Edit %s',
																'handoff-chat'
															),
															v.name
														) }
														onClick={ () =>
															setEditing( v.name )
														}
													/>
													<Button
														icon={ trash }
														size="small"
														isDestructive
														label={ sprintf(
															/* translators: %s: a variable name, e.g. EMAIL. */
															__(
																'Delete %s',
																'handoff-chat'
															),
															v.name
														) }
														onClick={ () =>
															setDeleting(
																v.name
															)
														}
													/>
												</span>
											) }
										</dd>
									) }
								</div>
							) ) }
						</dl>
					) : (
						<p className="handoff-chat-variables__empty">
							{ __( 'Nothing captured yet.', 'handoff-chat' ) }
						</p>
					) }
					{ problem && (
						<p
							className="handoff-chat-variables__error"
							role="alert"
						>
							{ problem }
						</p>
					) }
					<AddVariable
						taken={ variables.map( ( v ) => v.name ) }
						onAdd={ ( name, value ) => run( { [ name ]: value } ) }
					/>
				</>
			) }
			{ deleting && (
				<ConfirmDialog
					title={ sprintf(
						/* translators: %s: a variable name, e.g. EMAIL. */
						__( 'Delete %s?', 'handoff-chat' ),
						deleting
					) }
					confirmLabel={ __( 'Delete', 'handoff-chat' ) }
					onCancel={ () => setDeleting( null ) }
					onConfirm={ () => {
						const name = deleting;
						setDeleting( null );
						run( { [ name ]: null } );
					} }
				>
					<p>
						{ __(
							'The visitor loses this value in every conversation.',
							'handoff-chat'
						) }
					</p>
				</ConfirmDialog>
			) }
		</section>
	);
}

function ValueForm( {
	name,
	initial,
	onSave,
	onCancel,
}: {
	name: string;
	initial: string;
	onSave: ( value: string ) => void;
	onCancel: () => void;
} ) {
	const [ value, setValue ] = useState( initial );
	const submit = ( e: FormEvent ) => {
		e.preventDefault();
		if ( value.trim() ) {
			onSave( value );
		}
	};
	return (
		<form className="handoff-chat-variables__form" onSubmit={ submit }>
			<TextControl
				label={ sprintf(
					/* translators: %s: a variable name, e.g. EMAIL. */
					__( 'Value of %s', 'handoff-chat' ),
					name
				) }
				hideLabelFromVision
				value={ value }
				maxLength={ MAX_VARIABLE_VALUE }
				onChange={ setValue }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<span className="handoff-chat-variables__buttons">
				<Button
					variant="primary"
					size="compact"
					type="submit"
					disabled={ ! value.trim() }
				>
					{ __( 'Save', 'handoff-chat' ) }
				</Button>
				<Button variant="tertiary" size="compact" onClick={ onCancel }>
					{ __( 'Cancel', 'handoff-chat' ) }
				</Button>
			</span>
		</form>
	);
}

function AddVariable( {
	taken,
	onAdd,
}: {
	taken: string[];
	onAdd: ( name: string, value: string ) => Promise< boolean >;
} ) {
	const [ name, setName ] = useState( '' );
	const [ value, setValue ] = useState( '' );
	const [ touched, setTouched ] = useState( false );
	const normalised = normaliseVariableName( name );
	let nameProblem: string | null = null;
	if ( name && ! VARIABLE_NAME.test( normalised ) ) {
		nameProblem = __(
			'Use UPPER_CASE letters, digits and _, starting with a letter (up to 32).',
			'handoff-chat'
		);
	} else if ( taken.includes( normalised ) ) {
		nameProblem = __(
			'This variable exists: edit it above.',
			'handoff-chat'
		);
	}
	const ok = !! name && ! nameProblem && !! value.trim();

	const submit = ( e: FormEvent ) => {
		e.preventDefault();
		setTouched( true );
		if ( ! ok ) {
			return;
		}
		onAdd( normalised, value ).then( ( saved ) => {
			if ( saved ) {
				setName( '' );
				setValue( '' );
				setTouched( false );
			}
		} );
	};

	return (
		<form className="handoff-chat-variables__add" onSubmit={ submit }>
			<h4>{ __( 'Add a variable', 'handoff-chat' ) }</h4>
			<TextControl
				label={ __( 'Name', 'handoff-chat' ) }
				value={ name }
				onChange={ ( v ) => setName( v ) }
				onBlur={ () => setTouched( true ) }
				help={
					( touched || name.length > 1 ) && nameProblem
						? nameProblem
						: __( 'For example EMAIL or COMPANY.', 'handoff-chat' )
				}
				className={ nameProblem && touched ? 'has-error' : undefined }
				autoComplete="off"
				spellCheck={ false }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<TextControl
				label={ __( 'Value', 'handoff-chat' ) }
				value={ value }
				maxLength={ MAX_VARIABLE_VALUE }
				onChange={ ( v ) => setValue( v ) }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<Button
				variant="secondary"
				type="submit"
				disabled={ ! ok }
				__next40pxDefaultSize
			>
				{ __( 'Add', 'handoff-chat' ) }
			</Button>
		</form>
	);
}
