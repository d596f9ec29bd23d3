/**
 * The site's opening hours, in the inbox settings: on/off, the time zone they are read in,
 * up to four ranges a weekday (none: closed), and dated exceptions (closed all day, or
 * other hours) that replace that day's weekly hours. Outside them — or when no advisor is
 * available — the widget offers to answer by email. Problems (the contracts' own check, or
 * the bridge's answer) show at the day, exception or field concerned.
 */
import {
	Button,
	CheckboxControl,
	SelectControl,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { plus, trash } from '@wordpress/icons';
import type {
	HoursException,
	OpeningHours,
	TimeRange,
	Weekday,
} from '@handoff-chat/contracts';
import './index.scss';

/** A problem at `path`, relative to the hours (`weekly.mon.0`, `exceptions.2.date`, `timeZone`). */
export interface HoursIssue {
	path: string;
	message: string;
}

const WEEK: Weekday[] = [ 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun' ];
/** The contracts' limits (HOURS_LIMITS): four ranges a day, a hundred exceptions. */
const MAX_RANGES = 4;
const MAX_EXCEPTIONS = 100;

export function dayName( day: Weekday ): string {
	return {
		mon: __( 'Monday', 'handoff-chat' ),
		tue: __( 'Tuesday', 'handoff-chat' ),
		wed: __( 'Wednesday', 'handoff-chat' ),
		thu: __( 'Thursday', 'handoff-chat' ),
		fri: __( 'Friday', 'handoff-chat' ),
		sat: __( 'Saturday', 'handoff-chat' ),
		sun: __( 'Sunday', 'handoff-chat' ),
	}[ day ];
}

/**
 * The IANA zones this browser knows, with `current` (and UTC) always among them.
 * @param current The zone chosen now.
 */
export function timeZones( current: string ): string[] {
	let zones: string[] = [];
	try {
		zones =
			(
				Intl as unknown as {
					supportedValuesOf?: ( k: string ) => string[];
				}
			 ).supportedValuesOf?.( 'timeZone' ) ?? [];
	} catch {
		zones = [];
	}
	return [ ...new Set( [ 'UTC', current, ...zones ] ) ].filter( Boolean );
}

/** The messages of the issues at `path` or below it. */
const issuesAt = ( issues: HoursIssue[], path: string ) =>
	issues
		.filter( ( i ) => i.path === path || i.path.startsWith( path + '.' ) )
		.map( ( i ) => i.message );

function Problems( { messages }: { messages: string[] } ) {
	if ( ! messages.length ) {
		return null;
	}
	return (
		<ul className="handoff-chat-hours__problems" role="alert">
			{ [ ...new Set( messages ) ].map( ( m ) => (
				<li key={ m }>{ m }</li>
			) ) }
		</ul>
	);
}

/** A day's ranges: from/to time fields, remove, add; none reads "Closed". */
function Ranges( {
	ranges,
	onChange,
	label,
}: {
	ranges: TimeRange[];
	onChange: ( r: TimeRange[] ) => void;
	/** The day, naming its fields for screen readers. */
	label: string;
} ) {
	const set = ( i: number, change: Partial< TimeRange > ) =>
		onChange(
			ranges.map( ( r, j ) => ( j === i ? { ...r, ...change } : r ) )
		);
	const last = ranges[ ranges.length - 1 ];
	return (
		<div className="handoff-chat-hours__ranges">
			{ ranges.length === 0 && (
				<span className="handoff-chat-hours__closed">
					{ __( 'Closed', 'handoff-chat' ) }
				</span>
			) }
			{ ranges.map( ( r, i ) => (
				<span className="handoff-chat-hours__range" key={ i }>
					<TextControl
						type="time"
						label={ sprintf(
							/* translators: 1: a day or date, 2: the number of the time range that day. */
							__( '%1$s, opens (%2$d)', 'handoff-chat' ),
							label,
							i + 1
						) }
						hideLabelFromVision
						value={ r.from }
						onChange={ ( v ) => set( i, { from: v } ) }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<span aria-hidden="true">–</span>
					<TextControl
						// Closing at 00:00 is the end of the day: '24:00' for the bridge.
						type="time"
						label={ sprintf(
							/* translators: 1: a day or date, 2: the number of the time range that day. */
							__( '%1$s, closes (%2$d)', 'handoff-chat' ),
							label,
							i + 1
						) }
						hideLabelFromVision
						value={ r.to === '24:00' ? '00:00' : r.to }
						onChange={ ( v ) =>
							set( i, { to: v === '00:00' ? '24:00' : v } )
						}
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<Button
						icon={ trash }
						size="compact"
						label={ sprintf(
							/* translators: 1: a day or date, 2: the number of the time range that day. */
							__( 'Remove %1$s’s hours (%2$d)', 'handoff-chat' ),
							label,
							i + 1
						) }
						onClick={ () =>
							onChange( ranges.filter( ( _, j ) => j !== i ) )
						}
					/>
				</span>
			) ) }
			{ ranges.length < MAX_RANGES && (
				<Button
					variant="link"
					onClick={ () =>
						onChange( [
							...ranges,
							// After the last range, or a working day.
							last && last.to !== '24:00'
								? { from: last.to, to: '24:00' }
								: { from: '09:00', to: '18:00' },
						] )
					}
					aria-label={ sprintf(
						/* translators: %s: a day or date. */
						__( 'Add hours on %s', 'handoff-chat' ),
						label
					) }
				>
					{ __( 'Add hours', 'handoff-chat' ) }
				</Button>
			) }
		</div>
	);
}

export default function OpeningHoursEditor( {
	value,
	onChange,
	issues = [],
}: {
	value: OpeningHours;
	onChange: ( h: OpeningHours ) => void;
	issues?: HoursIssue[];
} ) {
	const patch = ( change: Partial< OpeningHours > ) =>
		onChange( { ...value, ...change } );
	const setException = ( i: number, change: Partial< HoursException > ) =>
		patch( {
			exceptions: value.exceptions.map( ( e, j ) =>
				j === i ? { ...e, ...change } : e
			),
		} );

	return (
		<section className="handoff-chat-hours">
			<h2>{ __( 'Opening hours', 'handoff-chat' ) }</h2>
			<ToggleControl
				label={ __(
					'Answer during opening hours only',
					'handoff-chat'
				) }
				help={ __(
					'Outside these hours, and whenever no advisor is available, visitors are told so at once and leave their question and email; your replies are emailed to them.',
					'handoff-chat'
				) }
				checked={ value.enabled }
				onChange={ ( enabled: boolean ) => patch( { enabled } ) }
				__nextHasNoMarginBottom
			/>
			{ /* Shown when off too: nothing kept out of sight can hold up the save. */ }
			<div
				className={ `handoff-chat-hours__schedule${
					value.enabled ? '' : ' is-off'
				}` }
			>
				<SelectControl
					label={ __( 'Time zone', 'handoff-chat' ) }
					value={ value.timeZone }
					options={ timeZones( value.timeZone ).map( ( z ) => ( {
						value: z,
						label: z.replace( /_/g, ' ' ),
					} ) ) }
					onChange={ ( timeZone: string ) => patch( { timeZone } ) }
					help={
						issuesAt( issues, 'timeZone' ).join( ' ' ) || undefined
					}
					className={
						issuesAt( issues, 'timeZone' ).length
							? 'has-error'
							: undefined
					}
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<table className="handoff-chat-hours__week">
					<caption className="screen-reader-text">
						{ __( 'Weekly hours', 'handoff-chat' ) }
					</caption>
					<tbody>
						{ WEEK.map( ( day ) => (
							<tr key={ day }>
								<th scope="row">{ dayName( day ) }</th>
								<td>
									<Ranges
										label={ dayName( day ) }
										ranges={ value.weekly[ day ] }
										onChange={ ( ranges ) =>
											patch( {
												weekly: {
													...value.weekly,
													[ day ]: ranges,
												},
											} )
										}
									/>
									<Problems
										messages={ issuesAt(
											issues,
											`weekly.${ day }`
										) }
									/>
								</td>
							</tr>
						) ) }
					</tbody>
				</table>

				<h3>{ __( 'Exceptions', 'handoff-chat' ) }</h3>
				<p className="handoff-chat-settings__intro">
					{ __(
						'Public holidays and other days: their hours replace the week’s.',
						'handoff-chat'
					) }
				</p>
				<ul className="handoff-chat-hours__exceptions">
					{ value.exceptions.map( ( e, i ) => {
						const name =
							e.label ||
							e.date ||
							sprintf(
								/* translators: %d: the number of an exception in the list. */
								__( 'Exception %d', 'handoff-chat' ),
								i + 1
							);
						return (
							<li key={ i }>
								<div className="handoff-chat-hours__exception">
									<TextControl
										type="date"
										label={ __( 'Date', 'handoff-chat' ) }
										value={ e.date }
										onChange={ ( date ) =>
											setException( i, { date } )
										}
										__nextHasNoMarginBottom
										__next40pxDefaultSize
									/>
									<TextControl
										label={ __(
											'Label (optional)',
											'handoff-chat'
										) }
										value={ e.label ?? '' }
										onChange={ ( label ) =>
											setException( i, {
												label: label || undefined,
											} )
										}
										placeholder={ __(
											'Christmas',
											'handoff-chat'
										) }
										__nextHasNoMarginBottom
										__next40pxDefaultSize
									/>
									<CheckboxControl
										label={ __(
											'Closed all day',
											'handoff-chat'
										) }
										checked={ e.ranges.length === 0 }
										onChange={ ( closed ) =>
											setException( i, {
												ranges: closed
													? []
													: [
															{
																from: '09:00',
																to: '12:00',
															},
														],
											} )
										}
										__nextHasNoMarginBottom
									/>
									<Button
										icon={ trash }
										isDestructive
										size="compact"
										label={ sprintf(
											/* translators: %s: an exception's label or date. */
											__(
												'Remove the exception %s',
												'handoff-chat'
											),
											name
										) }
										onClick={ () =>
											patch( {
												exceptions:
													value.exceptions.filter(
														( _, j ) => j !== i
													),
											} )
										}
									/>
								</div>
								{ e.ranges.length > 0 && (
									<Ranges
										label={ name }
										ranges={ e.ranges }
										onChange={ ( ranges ) =>
											setException( i, { ranges } )
										}
									/>
								) }
								<Problems
									messages={ issuesAt(
										issues,
										`exceptions.${ i }`
									) }
								/>
							</li>
						);
					} ) }
				</ul>
				{ value.exceptions.length < MAX_EXCEPTIONS && (
					<Button
						variant="secondary"
						icon={ plus }
						onClick={ () =>
							patch( {
								exceptions: [
									...value.exceptions,
									{ date: '', ranges: [] },
								],
							} )
						}
						__next40pxDefaultSize
					>
						{ __( 'Add an exception', 'handoff-chat' ) }
					</Button>
				) }
				<Problems
					messages={ issues
						.filter( ( i ) => i.path === 'exceptions' )
						.map( ( i ) => i.message ) }
				/>
			</div>
		</section>
	);
}
