/**
 * One chart.js chart on a canvas. chart.js is loaded on first use (its own chunk, requested
 * by the Reports screen only) with just the parts these charts draw. The canvas is an image
 * described by `label`; each chart also has a data table (DataTable) for whoever would rather read.
 */
import { useEffect, useRef, useState } from '@wordpress/element';
import type { ChartConfiguration } from 'chart.js';

type ChartClass = typeof import( 'chart.js' ).Chart;

let loading: Promise< ChartClass > | null = null;

/**
 * chart.js, registered once; a failed load may be tried again. The destructured names let
 * webpack leave the chart types not drawn here (line, radar, time scales…) out of the chunk.
 */
export function loadChartJs(): Promise< ChartClass > {
	loading ??= import( /* webpackChunkName: "chart" */ 'chart.js' ).then(
		( {
			Chart,
			BarController,
			BarElement,
			CategoryScale,
			LinearScale,
			DoughnutController,
			ArcElement,
			Tooltip,
			Legend,
		} ) => {
			Chart.register(
				BarController,
				BarElement,
				CategoryScale,
				LinearScale,
				DoughnutController,
				ArcElement,
				Tooltip,
				Legend
			);
			return Chart;
		},
		( e ) => {
			loading = null;
			throw e;
		}
	);
	return loading;
}

/** The admin colour scheme's accent (Users → Profile), as chart.js needs a real colour. */
export function themeColor(): string {
	const value =
		typeof document !== 'undefined'
			? getComputedStyle( document.body )
					.getPropertyValue( '--wp-admin-theme-color' )
					.trim()
			: '';
	return value || '#2271b1';
}

/** WordPress's grey for what the bot handled alone. */
export const BOT_COLOR = '#a7aaad';

interface Props {
	config: ChartConfiguration< 'bar' > | ChartConfiguration< 'doughnut' >;
	/** What the chart shows, in words (the canvas's accessible name). */
	label: string;
	/** Called when chart.js cannot be loaded: the screen then shows the data tables. */
	onUnavailable?: () => void;
}

export default function ChartCanvas( { config, label, onUnavailable }: Props ) {
	const canvas = useRef< HTMLCanvasElement >( null );
	const [ failed, setFailed ] = useState( false );
	useEffect( () => {
		let chart: { destroy: () => void } | null = null;
		let cancelled = false;
		loadChartJs().then(
			( Chart ) => {
				if ( ! cancelled && canvas.current ) {
					chart = new Chart( canvas.current, config );
				}
			},
			() => {
				if ( ! cancelled ) {
					setFailed( true );
					onUnavailable?.();
				}
			}
		);
		return () => {
			cancelled = true;
			chart?.destroy();
		};
	}, [ config, onUnavailable ] );

	if ( failed ) {
		return null;
	}
	return (
		<div className="handoff-chat-reports__canvas">
			<canvas ref={ canvas } role="img" aria-label={ label } />
		</div>
	);
}
