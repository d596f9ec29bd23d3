/** The headline figures as cards: conversations, escalated share, first response, resolution, rating. */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { DurationStats, ReportResponse } from '@handoff-chat/contracts';
import {
	formatDuration,
	formatRating,
	formatShare,
} from '../../utils/report-format';

function Figure( {
	label,
	value,
	detail,
	id,
}: {
	label: string;
	value: string;
	detail: string;
	id: string;
} ) {
	return (
		<div className="handoff-chat-reports__figure" data-figure={ id }>
			<dt>{ label }</dt>
			<dd className="handoff-chat-reports__value">{ value }</dd>
			<dd className="handoff-chat-reports__detail">{ detail }</dd>
		</div>
	);
}

/** "9 in 10 within 4 min": the p90, said plainly; what was measured when nothing was. */
function within( stats: DurationStats ): string {
	if ( ! stats.count || stats.p90Seconds === null ) {
		return __( 'Nothing measured in this period', 'handoff-chat' );
	}
	return sprintf(
		/* translators: 1: a duration, e.g. "4 min 10 s", 2: "12 conversations". */
		__( '9 in 10 within %1$s, of %2$s', 'handoff-chat' ),
		formatDuration( stats.p90Seconds ),
		sprintf(
			/* translators: %d: number of conversations. */
			_n(
				'%d conversation',
				'%d conversations',
				stats.count,
				'handoff-chat'
			),
			stats.count
		)
	);
}

export default function Figures( { report }: { report: ReportResponse } ) {
	const { totals } = report;
	return (
		<dl className="handoff-chat-reports__figures">
			<Figure
				id="conversations"
				label={ __( 'Conversations', 'handoff-chat' ) }
				value={ String( totals.conversations ) }
				detail={ sprintf(
					/* translators: %d: number of closed conversations. */
					_n(
						'%d closed',
						'%d closed',
						totals.closed,
						'handoff-chat'
					),
					totals.closed
				) }
			/>
			<Figure
				id="escalated"
				label={ __( 'Escalated to an advisor', 'handoff-chat' ) }
				value={ formatShare( totals.escalated, totals.conversations ) }
				detail={ sprintf(
					/* translators: 1: escalated conversations, 2: all conversations. */
					__(
						'%1$d of %2$d; the bot handled the rest',
						'handoff-chat'
					),
					totals.escalated,
					totals.conversations
				) }
			/>
			<Figure
				id="first-response"
				label={ __( 'First response (median)', 'handoff-chat' ) }
				value={ formatDuration( report.firstResponse.medianSeconds ) }
				detail={ within( report.firstResponse ) }
			/>
			<Figure
				id="resolution"
				label={ __( 'Resolution time (median)', 'handoff-chat' ) }
				value={ formatDuration( report.resolution.medianSeconds ) }
				detail={ within( report.resolution ) }
			/>
			<Figure
				id="rating"
				label={ __( 'Average rating', 'handoff-chat' ) }
				value={
					totals.averageRating === null
						? '—'
						: sprintf(
								/* translators: %s: average rating out of 5, e.g. "4.5". */
								__( '%s / 5', 'handoff-chat' ),
								formatRating( totals.averageRating )
							)
				}
				detail={ sprintf(
					/* translators: %d: number of ratings. */
					_n(
						'%d rating',
						'%d ratings',
						totals.rated,
						'handoff-chat'
					),
					totals.rated
				) }
			/>
		</dl>
	);
}
