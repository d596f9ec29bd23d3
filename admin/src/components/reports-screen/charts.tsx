/** The Reports screen's two charts: conversations per day (stacked bars) and the bot-only / escalated share (doughnut). */
import { useMemo } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ChartConfiguration } from 'chart.js';
import type { ReportResponse } from '@handoff-chat/contracts';
import {
	formatDay,
	formatLongDay,
	formatShare,
} from '../../utils/report-format';
import ChartCanvas, { BOT_COLOR, themeColor } from './chart-canvas';
import DataTable from './data-table';

export const botOnlyLabel = () => __( 'Bot only', 'handoff-chat' );
export const escalatedLabel = () =>
	__( 'Escalated to an advisor', 'handoff-chat' );

interface Props {
	report: ReportResponse;
	/** chart.js could not be loaded: the data tables are open. */
	noCharts: boolean;
	onUnavailable: () => void;
}

/** The days chart's words: the range, the total and the busiest day. */
export function daysSummary( report: ReportResponse ): string {
	const busiest = report.days.reduce<
		ReportResponse[ 'days' ][ number ] | null
	>(
		( best, d ) =>
			! best || d.conversations > best.conversations ? d : best,
		null
	);
	return sprintf(
		/* translators: 1: first day, 2: last day, 3: number of conversations, 4: the busiest day, 5: its number of conversations. */
		__(
			'Conversations per day from %1$s to %2$s: %3$d in all; the busiest day, %4$s, had %5$d.',
			'handoff-chat'
		),
		formatLongDay( report.range.from ),
		formatLongDay( report.range.to ),
		report.totals.conversations,
		busiest ? formatLongDay( busiest.date ) : '—',
		busiest?.conversations ?? 0
	);
}

export function DaysChart( { report, noCharts, onUnavailable }: Props ) {
	const config = useMemo(
		(): ChartConfiguration< 'bar' > => ( {
			type: 'bar',
			data: {
				labels: report.days.map( ( d ) => formatDay( d.date ) ),
				datasets: [
					{
						label: botOnlyLabel(),
						data: report.days.map( ( d ) => d.botOnly ),
						backgroundColor: BOT_COLOR,
						borderRadius: 2,
					},
					{
						label: escalatedLabel(),
						data: report.days.map( ( d ) => d.escalated ),
						backgroundColor: themeColor(),
						borderRadius: 2,
					},
				],
			},
			options: {
				responsive: true,
				maintainAspectRatio: false,
				scales: {
					x: { stacked: true, grid: { display: false } },
					y: {
						stacked: true,
						beginAtZero: true,
						ticks: { precision: 0 },
					},
				},
				plugins: { legend: { position: 'bottom' } },
			},
		} ),
		[ report ]
	);
	return (
		<>
			{ ! noCharts && (
				<ChartCanvas
					config={ config }
					label={ daysSummary( report ) }
					onUnavailable={ onUnavailable }
				/>
			) }
			<DataTable
				caption={ __( 'Conversations per day', 'handoff-chat' ) }
				open={ noCharts }
				head={ [
					__( 'Day', 'handoff-chat' ),
					__( 'Conversations', 'handoff-chat' ),
					botOnlyLabel(),
					escalatedLabel(),
				] }
				rows={ report.days.map( ( d ) => [
					formatLongDay( d.date ),
					d.conversations,
					d.botOnly,
					d.escalated,
				] ) }
			/>
		</>
	);
}

export function shareSummary( report: ReportResponse ): string {
	const { conversations, botOnly, escalated } = report.totals;
	return sprintf(
		/* translators: 1: conversations the bot handled alone, 2: their share, 3: conversations escalated to an advisor, 4: their share. */
		__(
			'Bot only: %1$d (%2$s). Escalated to an advisor: %3$d (%4$s).',
			'handoff-chat'
		),
		botOnly,
		formatShare( botOnly, conversations ),
		escalated,
		formatShare( escalated, conversations )
	);
}

export function ShareChart( { report, noCharts, onUnavailable }: Props ) {
	const config = useMemo(
		(): ChartConfiguration< 'doughnut' > => ( {
			type: 'doughnut',
			data: {
				labels: [ botOnlyLabel(), escalatedLabel() ],
				datasets: [
					{
						data: [
							report.totals.botOnly,
							report.totals.escalated,
						],
						backgroundColor: [ BOT_COLOR, themeColor() ],
						borderWidth: 0,
					},
				],
			},
			options: {
				responsive: true,
				maintainAspectRatio: false,
				cutout: '60%',
				plugins: { legend: { position: 'bottom' } },
			},
		} ),
		[ report ]
	);
	const { conversations, botOnly, escalated } = report.totals;
	return (
		<>
			{ ! noCharts && (
				<ChartCanvas
					config={ config }
					label={ shareSummary( report ) }
					onUnavailable={ onUnavailable }
				/>
			) }
			<DataTable
				caption={ __( 'Bot only and escalated', 'handoff-chat' ) }
				open={ noCharts }
				head={ [
					__( 'Conversations', 'handoff-chat' ),
					__( 'Number', 'handoff-chat' ),
					__( 'Share', 'handoff-chat' ),
				] }
				rows={ [
					[
						botOnlyLabel(),
						botOnly,
						formatShare( botOnly, conversations ),
					],
					[
						escalatedLabel(),
						escalated,
						formatShare( escalated, conversations ),
					],
				] }
			/>
		</>
	);
}
