/**
 * Inbox settings (site managers): the template that names visitors from their variables,
 * with the `{…}` variable picker and a live preview rendered by the same function the
 * bridge uses, and the canned responses offered by `/` in the reply box. Saved together
 * with PUT /v1/settings. Loaded in a chunk of its own: it needs the contracts' validation.
 */
import {
	Button,
	CheckboxControl,
	Modal,
	Notice,
	Spinner,
	TextareaControl,
	TextControl,
} from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import type { FormEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';
import { plus, trash } from '@wordpress/icons';
import {
	DEFAULT_HOURS,
	LIMITS,
	MAX_RETENTION_DAYS,
	openingHoursSchema,
	renderPseudonym,
	SLUG_PATTERN,
	templateIssue,
	templateVariables,
	type CannedResponse,
	type OpeningHours,
	type SiteSettings,
} from '@handoff-chat/contracts';
import { errorMessage, fieldIssuesOf } from '../../api';
import { useInboxSettings } from '../../data/use-inbox-settings';
import { newClientId } from '@handoff-chat/contracts/client-id';
import { insertVariable } from '../../utils/flow-variables';
import { visitorPseudonym } from '../../utils/pseudonym';
import { getSiteTimeZone } from '../../utils/site-time-zone';
import OpeningHoursEditor, { type HoursIssue } from '../opening-hours-editor';
import VariablePicker from '../variable-picker';
import './index.scss';

/** Names the demo flow and most forms capture, offered first in the picker. */
export const COMMON_VARIABLES = [
	'PRENOM',
	'NOM',
	'SOCIETE',
	'EMAIL',
	'TELEPHONE',
];

/** Sample values for the preview: a readable stand-in for any other variable. */
export function sampleValues( names: string[] ): Record< string, string > {
	const samples: Record< string, string > = {
		PRENOM: 'Léa',
		NOM: 'Martin',
		SOCIETE: 'Acme',
		EMAIL: 'lea@example.com',
		TELEPHONE: '+33 6 12 34 56 78',
	};
	const out: Record< string, string > = {};
	for ( const n of names ) {
		out[ n ] =
			samples[ n ] ??
			n.charAt( 0 ) + n.slice( 1 ).toLowerCase().replace( /_/g, ' ' );
	}
	return out;
}

interface Draft extends CannedResponse {
	/** Never sent: React's key while the shortcut is edited. */
	key: string;
}

function problemOf( r: Draft, all: Draft[] ): string | null {
	if ( ! SLUG_PATTERN.test( r.shortcut ) ) {
		return __(
			'Shortcuts use lower-case letters, digits, - and _.',
			'handoff-chat'
		);
	}
	if ( all.some( ( x ) => x !== r && x.shortcut === r.shortcut ) ) {
		return __( 'Another response has this shortcut.', 'handoff-chat' );
	}
	if ( ! r.text.trim() ) {
		return __( 'Write the response.', 'handoff-chat' );
	}
	if ( r.text.length > LIMITS.messageText ) {
		return __( 'This response is too long.', 'handoff-chat' );
	}
	return null;
}

/**
 * The hours to edit: the saved ones (an older bridge has none: the defaults), in WordPress's
 * time zone until the manager turns them on for the first time.
 * @param saved The site's hours.
 */
export function hoursToEdit( saved: OpeningHours | undefined ): OpeningHours {
	const hours = saved ?? DEFAULT_HOURS;
	const site = getSiteTimeZone();
	return ! hours.enabled && hours.timeZone === 'UTC' && site
		? { ...hours, timeZone: site }
		: hours;
}

/**
 * Where the hours are wrong (the contracts' check, or the bridge's 400), worded for the
 * manager: the schema says where, this says what to look at.
 * @param paths Issue paths relative to the hours (`weekly.mon.0.to`).
 */
export function hoursIssues( paths: string[] ): HoursIssue[] {
	return paths.map( ( path ) => {
		const [ head, key ] = path.split( '.' );
		let message: string = __( 'Check the opening hours.', 'handoff-chat' );
		if ( head === 'timeZone' ) {
			message = __( 'Choose a time zone from the list.', 'handoff-chat' );
		} else if ( head === 'weekly' ) {
			message = __(
				'Each range must close after it opens, without overlapping another (at most 4 a day).',
				'handoff-chat'
			);
		} else if ( head === 'exceptions' && key !== undefined ) {
			message = __(
				'Give each exception its own date, and hours that close after they open.',
				'handoff-chat'
			);
		} else if ( head === 'exceptions' ) {
			message = __( 'At most 100 exceptions.', 'handoff-chat' );
		}
		return { path, message };
	} );
}

export default function SettingsDialog( { onClose }: { onClose: () => void } ) {
	const { settings, status, save } = useInboxSettings();
	return (
		<Modal
			title={ __( 'Inbox settings', 'handoff-chat' ) }
			onRequestClose={ onClose }
			size="large"
			className="handoff-chat-settings"
		>
			{ status === 'loading' && <Spinner /> }
			{ status === 'error' && (
				<Notice status="error" isDismissible={ false }>
					{ __(
						'The settings could not be read. Close this dialog and try again.',
						'handoff-chat'
					) }
				</Notice>
			) }
			{ settings && (
				<SettingsForm
					initial={ settings }
					onSave={ save }
					onClose={ onClose }
				/>
			) }
		</Modal>
	);
}

export function SettingsForm( {
	initial,
	onSave,
	onClose,
}: {
	initial: SiteSettings;
	onSave: ( s: SiteSettings ) => Promise< unknown >;
	onClose: () => void;
} ) {
	const [ template, setTemplate ] = useState( initial.pseudonymTemplate );
	const [ canned, setCanned ] = useState< Draft[] >( () =>
		initial.cannedResponses.map( ( r ) => ( { ...r, key: r.id } ) )
	);
	// Saved settings of older bridges lack it: on, as the bridge's default.
	const [ rating, setRating ] = useState( initial.ratingEnabled !== false );
	// Kept as typed; '' or 0 keeps conversations.
	const [ retention, setRetention ] = useState(
		initial.retentionDays ? String( initial.retentionDays ) : ''
	);
	const [ hours, setHours ] = useState( () => hoursToEdit( initial.hours ) );
	/** Hours problems the bridge found on the last save (paths relative to the hours). */
	const [ refused, setRefused ] = useState< string[] >( [] );
	const [ saving, setSaving ] = useState( false );
	const [ problem, setProblem ] = useState< string | null >( null );
	const field = useRef< HTMLInputElement | null >( null );

	const used = templateVariables( template );
	const issue = templateIssue( template );
	const preview = issue
		? null
		: renderPseudonym( template, sampleValues( used ) );
	const pickable = [ ...new Set( [ ...COMMON_VARIABLES, ...used ] ) ];
	const cannedProblems = canned.map( ( r ) => problemOf( r, canned ) );
	const retentionDays = retention.trim() === '' ? 0 : Number( retention );
	const retentionValid =
		Number.isInteger( retentionDays ) &&
		retentionDays >= 0 &&
		retentionDays <= MAX_RETENTION_DAYS;
	const checked = openingHoursSchema.safeParse( hours );
	const hoursProblems = hoursIssues( [
		...( checked.success
			? []
			: checked.error.issues.map( ( i ) => i.path.join( '.' ) ) ),
		...refused,
	] );
	const valid =
		! issue &&
		checked.success &&
		retentionValid &&
		cannedProblems.every( ( p ) => p === null );

	const insert = ( name: string ) => {
		const el = field.current;
		const next = insertVariable(
			template,
			name,
			el?.selectionStart,
			el?.selectionEnd
		);
		setTemplate( next.value );
		requestAnimationFrame( () => {
			el?.focus();
			el?.setSelectionRange( next.caret, next.caret );
		} );
	};

	const patchCanned = ( key: string, change: Partial< Draft > ) =>
		setCanned( ( list ) =>
			list.map( ( r ) => ( r.key === key ? { ...r, ...change } : r ) )
		);

	const submit = ( e: FormEvent ) => {
		e.preventDefault();
		if ( ! valid || saving ) {
			return;
		}
		setSaving( true );
		setProblem( null );
		onSave( {
			pseudonymTemplate: template.trim(),
			cannedResponses: canned.map( ( { id, shortcut, text } ) => ( {
				id,
				shortcut,
				text: text.trim(),
			} ) ),
			ratingEnabled: rating,
			retentionDays,
			hours,
		} ).then(
			() => onClose(),
			( err: unknown ) => {
				setSaving( false );
				setProblem( errorMessage( err ) );
				setRefused(
					fieldIssuesOf( err )
						.filter( ( i ) => i.path.startsWith( 'hours.' ) )
						.map( ( i ) => i.path.slice( 'hours.'.length ) )
				);
			}
		);
	};

	return (
		<form className="handoff-chat-settings__form" onSubmit={ submit }>
			<section>
				<h2>{ __( 'Visitor names', 'handoff-chat' ) }</h2>
				<p className="handoff-chat-settings__intro">
					{ __(
						'Advisors see visitors under this name, built from their variables. Visitors with none of these variables keep an anonymous name.',
						'handoff-chat'
					) }
				</p>
				<div className="handoff-chat-settings__template">
					<TextControl
						ref={ field }
						label={ __( 'Name template', 'handoff-chat' ) }
						value={ template }
						onChange={ setTemplate }
						placeholder="{{PRENOM}} ({{SOCIETE}})"
						help={ issue ? templateIssueText() : undefined }
						className={ issue ? 'has-error' : undefined }
						spellCheck={ false }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<VariablePicker
						variables={ pickable }
						onInsert={ insert }
						fieldLabel={ __( 'Name template', 'handoff-chat' ) }
						groupLabel={ __( 'Common variables', 'handoff-chat' ) }
					/>
				</div>
				<div
					className="handoff-chat-settings__preview"
					aria-live="polite"
				>
					<span>{ __( 'Preview:', 'handoff-chat' ) }</span>{ ' ' }
					<strong>
						{ preview ?? visitorPseudonym( 'preview-visitor' ) }
					</strong>
					<span className="handoff-chat-settings__fallback">
						{ sprintf(
							/* translators: %s: an anonymous visitor's name, e.g. Visitor 3F2A. */
							__( 'Without these variables: %s', 'handoff-chat' ),
							visitorPseudonym( 'preview-visitor' )
						) }
					</span>
				</div>
			</section>

			<section>
				<h2>{ __( 'Canned responses', 'handoff-chat' ) }</h2>
				<p className="handoff-chat-settings__intro">
					{ __(
						'Type / and the shortcut in the reply box to insert a response.',
						'handoff-chat'
					) }
				</p>
				{ canned.length === 0 && (
					<p className="handoff-chat-settings__empty">
						{ __( 'No canned responses yet.', 'handoff-chat' ) }
					</p>
				) }
				<ul className="handoff-chat-settings__canned">
					{ canned.map( ( r, i ) => (
						<li key={ r.key }>
							<TextControl
								label={ __( 'Shortcut', 'handoff-chat' ) }
								value={ r.shortcut }
								help={
									r.shortcut ? `/${ r.shortcut }` : undefined
								}
								onChange={ ( v ) =>
									patchCanned( r.key, {
										shortcut: v.toLowerCase(),
									} )
								}
								spellCheck={ false }
								__nextHasNoMarginBottom
								__next40pxDefaultSize
							/>
							<TextareaControl
								label={ __( 'Response', 'handoff-chat' ) }
								value={ r.text }
								rows={ 2 }
								onChange={ ( v ) =>
									patchCanned( r.key, { text: v } )
								}
								help={ cannedProblems[ i ] ?? undefined }
								className={
									cannedProblems[ i ]
										? 'has-error'
										: undefined
								}
								__nextHasNoMarginBottom
							/>
							<Button
								icon={ trash }
								isDestructive
								label={ sprintf(
									/* translators: %s: a canned response's shortcut. */
									__( 'Delete /%s', 'handoff-chat' ),
									r.shortcut
								) }
								onClick={ () =>
									setCanned( ( list ) =>
										list.filter( ( x ) => x.key !== r.key )
									)
								}
							/>
						</li>
					) ) }
				</ul>
				<Button
					variant="secondary"
					icon={ plus }
					onClick={ () => {
						const id = `r-${ newClientId().slice( 0, 12 ) }`;
						setCanned( ( list ) => [
							...list,
							{ id, key: id, shortcut: '', text: '' },
						] );
					} }
					__next40pxDefaultSize
				>
					{ __( 'Add a canned response', 'handoff-chat' ) }
				</Button>
			</section>

			<section>
				<h2>{ __( 'Ratings', 'handoff-chat' ) }</h2>
				<CheckboxControl
					label={ __(
						'Ask visitors to rate the conversation when it is closed',
						'handoff-chat'
					) }
					help={ __(
						'One to five stars and an optional comment, shown in the inbox.',
						'handoff-chat'
					) }
					checked={ rating }
					onChange={ setRating }
					__nextHasNoMarginBottom
				/>
			</section>

			<section>
				<h2>{ __( 'Retention', 'handoff-chat' ) }</h2>
				<TextControl
					type="number"
					min={ 0 }
					max={ MAX_RETENTION_DAYS }
					label={ __(
						'Delete closed conversations after (days)',
						'handoff-chat'
					) }
					value={ retention }
					onChange={ setRetention }
					help={
						retentionValid
							? __(
									'Closed conversations, with their messages and images, are deleted this many days after their last change. Leave empty or 0 to keep them.',
									'handoff-chat'
								)
							: sprintf(
									/* translators: %d: the longest retention, in days. */
									__(
										'A whole number of days, from 0 to %d.',
										'handoff-chat'
									),
									MAX_RETENTION_DAYS
								)
					}
					className={ retentionValid ? undefined : 'has-error' }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
			</section>

			<OpeningHoursEditor
				value={ hours }
				onChange={ ( h ) => {
					setHours( h );
					setRefused( [] );
				} }
				issues={ hoursProblems }
			/>

			{ problem && (
				<Notice status="error" onRemove={ () => setProblem( null ) }>
					{ problem }
				</Notice>
			) }
			<div className="handoff-chat-settings__actions">
				<Button
					variant="tertiary"
					onClick={ onClose }
					__next40pxDefaultSize
				>
					{ __( 'Cancel', 'handoff-chat' ) }
				</Button>
				<Button
					variant="primary"
					type="submit"
					isBusy={ saving }
					disabled={ ! valid || saving }
					__next40pxDefaultSize
				>
					{ __( 'Save', 'handoff-chat' ) }
				</Button>
			</div>
		</form>
	);
}

function templateIssueText(): string {
	return __(
		'Use {{VARIABLE}} with an UPPER_CASE name; no other braces, up to 200 characters.',
		'handoff-chat'
	);
}
