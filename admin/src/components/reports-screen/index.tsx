/**
 * Conversations → Reports (site managers): the conversations of a period, optionally of one
 * page, as figures, charts (chart.js, loaded by this screen only), a busiest-hours grid and a
 * per-advisor table; each table downloadable as CSV. The bridge computes everything
 * (`GET /v1/reports`) in the site's time zone. Loaded on demand: the inbox never downloads it.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useMemo, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { download } from '@wordpress/icons';
import type { ReportResponse } from '@handoff-chat/contracts';
import { errorMessage, type ReportArgs, type ReportTable } from '../../api';
import { useQueryParam } from '../../data/use-query-param';
import { useServices } from '../../data/services';
import { formatLongDay, lastDays } from '../../utils/report-format';
import { saveBlob } from '../../utils/save-file';
import AdvisorsTable from './advisors-table';
import { DaysChart, ShareChart } from './charts';
import Filters, {
	rangeProblem,
	type FilterValue,
	type Preset,
} from './filters';
import Figures from './figures';
import HeatMap from './heat-map';
import './index.scss';

const PRESET = /^(7|30|90|custom)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Load =
	| { status: 'loading'; report: ReportResponse | null }
	| { status: 'ready'; report: ReportResponse }
	| { status: 'error'; report: ReportResponse | null; error: string };

function DownloadButton( {
	label,
	onClick,
}: {
	label: string;
	onClick: () => void;
} ) {
	return (
		<Button
			variant="secondary"
			size="compact"
			icon={ download }
			onClick={ onClick }
		>
			{ label }
		</Button>
	);
}

function Section( {
	title,
	actions,
	children,
	className = '',
}: {
	title: string;
	actions?: React.ReactNode;
	children: React.ReactNode;
	className?: string;
} ) {
	return (
		<section className={ `handoff-chat-reports__section ${ className }` }>
			<div className="handoff-chat-reports__section-head">
				<h2>{ title }</h2>
				{ actions }
			</div>
			{ children }
		</section>
	);
}

function Report( {
	report,
	onDownload,
}: {
	report: ReportResponse;
	onDownload: ( table: ReportTable ) => void;
} ) {
	// chart.js failed to load (offline, a blocked chunk): the data tables are shown open instead.
	const [ noCharts, setNoCharts ] = useState( false );
	const unavailable = useCallback( () => setNoCharts( true ), [] );
	return (
		<>
			<Figures report={ report } />
			<div className="handoff-chat-reports__charts">
				<Section
					title={ __( 'Conversations per day', 'handoff-chat' ) }
					className="is-wide"
					actions={
						<DownloadButton
							label={ __(
								'Download days (CSV)',
								'handoff-chat'
							) }
							onClick={ () => onDownload( 'days' ) }
						/>
					}
				>
					<DaysChart
						report={ report }
						noCharts={ noCharts }
						onUnavailable={ unavailable }
					/>
				</Section>
				<Section
					title={ __( 'Bot only or escalated', 'handoff-chat' ) }
				>
					<ShareChart
						report={ report }
						noCharts={ noCharts }
						onUnavailable={ unavailable }
					/>
				</Section>
			</div>
			<Section
				title={ __( 'Advisors', 'handoff-chat' ) }
				actions={
					<DownloadButton
						label={ __(
							'Download advisors (CSV)',
							'handoff-chat'
						) }
						onClick={ () => onDownload( 'advisors' ) }
					/>
				}
			>
				<AdvisorsTable advisors={ report.advisors } />
			</Section>
			<Section title={ __( 'Busiest hours', 'handoff-chat' ) }>
				<HeatMap hours={ report.busiestHours } />
			</Section>
		</>
	);
}

export default function ReportsScreen( { timeZone }: { timeZone: string } ) {
	const { api, canManage = false } = useServices();
	const [ period, setPeriod ] = useQueryParam( 'period', {
		pattern: PRESET,
	} );
	const [ from, setFrom ] = useQueryParam( 'from', { pattern: DATE } );
	const [ to, setTo ] = useQueryParam( 'to', { pattern: DATE } );
	const [ pageUrl, setPageUrl ] = useQueryParam( 'report_page' );
	const preset = ( period ?? '30' ) as Preset;

	const range = useMemo(
		() =>
			preset === 'custom'
				? { from: from ?? '', to: to ?? '' }
				: lastDays( Number( preset ), timeZone ),
		[ preset, from, to, timeZone ]
	);
	const problem =
		preset === 'custom' ? rangeProblem( range.from, range.to ) : null;
	const args = useMemo< ReportArgs | null >(
		() =>
			problem
				? null
				: {
						from: range.from,
						to: range.to,
						timeZone,
						pageUrl: pageUrl || null,
					},
		[ problem, range.from, range.to, timeZone, pageUrl ]
	);

	const [ load, setLoad ] = useState< Load >( {
		status: 'loading',
		report: null,
	} );
	const [ attempt, setAttempt ] = useState( 0 );
	const [ downloadProblem, setDownloadProblem ] = useState< string | null >(
		null
	);

	useEffect( () => {
		if ( ! canManage || ! args ) {
			return;
		}
		let stale = false;
		// The last report stays on screen, dimmed, until the new one arrives.
		setLoad( ( l ) => ( { status: 'loading', report: l.report } ) );
		api.getReport( args ).then(
			( report ) => ! stale && setLoad( { status: 'ready', report } ),
			( e: unknown ) =>
				! stale &&
				setLoad( ( l ) => ( {
					status: 'error',
					report: l.report,
					error: errorMessage( e ),
				} ) )
		);
		return () => {
			stale = true;
		};
	}, [ api, args, attempt, canManage ] );

	const onDownload = ( table: ReportTable ) => {
		if ( ! args ) {
			return;
		}
		setDownloadProblem( null );
		api.downloadReport( args, table ).then(
			( { blob, filename } ) => saveBlob( blob, filename ),
			( e: unknown ) => setDownloadProblem( errorMessage( e ) )
		);
	};

	if ( ! canManage ) {
		return (
			<Notice status="warning" isDismissible={ false }>
				{ __(
					'Only the site’s managers can see reports.',
					'handoff-chat'
				) }
			</Notice>
		);
	}

	const value: FilterValue = {
		preset,
		from: range.from,
		to: range.to,
		pageUrl: pageUrl ?? '',
	};
	const onChange = ( next: FilterValue ) => {
		if ( next.preset !== preset ) {
			setPeriod( next.preset === '30' ? null : next.preset );
			// Custom dates start from the period shown.
			setFrom( next.preset === 'custom' ? range.from : null );
			setTo( next.preset === 'custom' ? range.to : null );
		} else if ( next.preset === 'custom' ) {
			setFrom( next.from || null );
			setTo( next.to || null );
		}
		if ( next.pageUrl !== value.pageUrl ) {
			setPageUrl( next.pageUrl || null );
		}
	};

	const { report } = load;
	// After a failure, the figures of another period are not left on screen.
	const shown = args && report && load.status !== 'error';
	return (
		<div
			className="handoff-chat-reports"
			aria-busy={ load.status === 'loading' }
		>
			<Filters
				value={ value }
				pages={ report?.pages ?? [] }
				onChange={ onChange }
			/>
			{ args && (
				<div className="handoff-chat-reports__range">
					<p>
						{ sprintf(
							/* translators: 1: first day, 2: last day, 3: time zone, e.g. "Europe/Paris". */
							__( 'From %1$s to %2$s (%3$s)', 'handoff-chat' ),
							formatLongDay( args.from ),
							formatLongDay( args.to ),
							timeZone
						) }
					</p>
					<DownloadButton
						label={ __(
							'Download conversations (CSV)',
							'handoff-chat'
						) }
						onClick={ () => onDownload( 'conversations' ) }
					/>
				</div>
			) }
			{ downloadProblem && (
				<Notice
					status="error"
					onRemove={ () => setDownloadProblem( null ) }
				>
					{ downloadProblem }
				</Notice>
			) }
			{ load.status === 'error' && args && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'handoff-chat' ),
							onClick: () => setAttempt( ( n ) => n + 1 ),
						},
					] }
				>
					{ load.error }
				</Notice>
			) }
			{ load.status === 'loading' && args && (
				<p className="handoff-chat-reports__loading">
					<Spinner />
					{ __( 'Loading the report…', 'handoff-chat' ) }
				</p>
			) }
			{ shown && report.totals.conversations === 0 && (
				<p className="handoff-chat-reports__empty is-period">
					{ __( 'No conversations in this period.', 'handoff-chat' ) }
				</p>
			) }
			{ shown && report.totals.conversations > 0 && (
				<div
					className={ `handoff-chat-reports__body${
						load.status === 'loading' ? ' is-stale' : ''
					}` }
				>
					<Report report={ report } onDownload={ onDownload } />
				</div>
			) }
		</div>
	);
}
