/**
 * Busiest hours: a week × 24 hours grid (CSS), each cell's colour by its share of the busiest
 * hour. The grid is decoration for the eyes; screen readers get the same numbers as a table.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { CSSProperties } from 'react';
import { formatHour, weekdayNames } from '../../utils/report-format';

const HOURS = Array.from( { length: 24 }, ( _, h ) => h );

export default function HeatMap( { hours }: { hours: number[][] } ) {
	const short = weekdayNames( 'short' );
	const long = weekdayNames( 'long' );
	const max = Math.max( 0, ...hours.flat() );
	// The first of the busiest cells, Monday morning first.
	const peakDay = hours.findIndex( ( row ) => row.includes( max ) );
	const peakHour = peakDay < 0 ? -1 : hours[ peakDay ].indexOf( max );
	const count = ( n: number ) =>
		sprintf(
			/* translators: %d: number of conversations. */
			_n( '%d conversation', '%d conversations', n, 'handoff-chat' ),
			n
		);
	return (
		<>
			{ max > 0 && (
				<p className="handoff-chat-reports__peak">
					{ sprintf(
						/* translators: 1: weekday, 2: hour, 3: "5 conversations". */
						__( 'Busiest: %1$s at %2$s (%3$s)', 'handoff-chat' ),
						long[ peakDay ],
						formatHour( peakHour ),
						count( max )
					) }
				</p>
			) }
			<div className="handoff-chat-reports__heat" aria-hidden="true">
				<span />
				{ HOURS.map( ( h ) => (
					<span key={ h } className="handoff-chat-reports__heat-hour">
						{ h % 3 === 0 ? formatHour( h ) : '' }
					</span>
				) ) }
				{ short.map( ( day, d ) => [
					<span
						key={ day }
						className="handoff-chat-reports__heat-day"
					>
						{ day }
					</span>,
					...HOURS.map( ( h ) => {
						const n = hours[ d ]?.[ h ] ?? 0;
						return (
							<span
								key={ `${ d }-${ h }` }
								className="handoff-chat-reports__heat-cell"
								data-count={ n }
								title={ sprintf(
									/* translators: 1: weekday, 2: hour, 3: "5 conversations". */
									__( '%1$s %2$s: %3$s', 'handoff-chat' ),
									long[ d ],
									formatHour( h ),
									count( n )
								) }
								style={
									{
										'--level': max ? n / max : 0,
									} as CSSProperties
								}
							/>
						);
					} ),
				] ) }
			</div>
			<div
				className="handoff-chat-reports__heat-legend"
				aria-hidden="true"
			>
				{ __( 'Fewer', 'handoff-chat' ) }
				<span className="handoff-chat-reports__heat-scale" />
				{ __( 'More', 'handoff-chat' ) }
			</div>
			<table className="screen-reader-text">
				<caption>
					{ __(
						'Conversations started, by weekday and hour',
						'handoff-chat'
					) }
				</caption>
				<thead>
					<tr>
						<td />
						{ HOURS.map( ( h ) => (
							<th key={ h } scope="col">
								{ formatHour( h ) }
							</th>
						) ) }
					</tr>
				</thead>
				<tbody>
					{ long.map( ( day, d ) => (
						<tr key={ day }>
							<th scope="row">{ day }</th>
							{ HOURS.map( ( h ) => (
								<td key={ h }>{ hours[ d ]?.[ h ] ?? 0 }</td>
							) ) }
						</tr>
					) ) }
				</tbody>
			</table>
		</>
	);
}
