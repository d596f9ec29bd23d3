/** The Reports screen's filters: a period (last 7, 30 or 90 days, or two dates) and a page. */
import { SelectControl, TextControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { REPORT_MAX_DAYS, type ReportPage } from '@handoff-chat/contracts';
import { daysBetween, isDay } from '../../utils/report-format';

export type Preset = '7' | '30' | '90' | 'custom';

export interface FilterValue {
	preset: Preset;
	/** The custom range's dates as typed (YYYY-MM-DD). */
	from: string;
	to: string;
	/** '' for every page. */
	pageUrl: string;
}

/** What is wrong with a custom range, or null when the bridge can report on it. */
export function rangeProblem( from: string, to: string ): string | null {
	if ( ! isDay( from ) || ! isDay( to ) ) {
		return __( 'Enter a start and an end date.', 'handoff-chat' );
	}
	if ( to < from ) {
		return __( 'The end date is before the start date.', 'handoff-chat' );
	}
	if ( daysBetween( from, to ) > REPORT_MAX_DAYS ) {
		return sprintf(
			/* translators: %d: the longest range, in days (366). */
			__( 'A report covers at most %d days.', 'handoff-chat' ),
			REPORT_MAX_DAYS
		);
	}
	return null;
}

interface Props {
	value: FilterValue;
	pages: ReportPage[];
	onChange: ( next: FilterValue ) => void;
}

export default function Filters( { value, pages, onChange }: Props ) {
	const problem =
		value.preset === 'custom' ? rangeProblem( value.from, value.to ) : null;
	// The chosen page stays offered even when the range's top pages no longer list it.
	const listed = pages.some( ( p ) => p.pageUrl === value.pageUrl );
	const pageOptions = [
		{ value: '', label: __( 'All pages', 'handoff-chat' ) },
		...( value.pageUrl && ! listed
			? [ { value: value.pageUrl, label: value.pageUrl } ]
			: [] ),
		...pages.map( ( p ) => ( {
			value: p.pageUrl,
			label: sprintf(
				/* translators: 1: page title or address, 2: number of conversations. */
				__( '%1$s (%2$d)', 'handoff-chat' ),
				p.pageTitle || p.pageUrl,
				p.conversations
			),
		} ) ),
	];
	return (
		<div className="handoff-chat-reports__filters">
			<SelectControl
				__nextHasNoMarginBottom
				__next40pxDefaultSize
				label={ __( 'Period', 'handoff-chat' ) }
				value={ value.preset }
				options={ [
					{ value: '7', label: __( 'Last 7 days', 'handoff-chat' ) },
					{
						value: '30',
						label: __( 'Last 30 days', 'handoff-chat' ),
					},
					{
						value: '90',
						label: __( 'Last 90 days', 'handoff-chat' ),
					},
					{
						value: 'custom',
						label: __( 'Custom dates', 'handoff-chat' ),
					},
				] }
				onChange={ ( preset ) =>
					onChange( { ...value, preset: preset as Preset } )
				}
			/>
			{ value.preset === 'custom' && (
				<>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						type="date"
						label={ __( 'From', 'handoff-chat' ) }
						value={ value.from }
						max={ value.to || undefined }
						onChange={ ( from ) => onChange( { ...value, from } ) }
					/>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						type="date"
						label={ __( 'To', 'handoff-chat' ) }
						value={ value.to }
						min={ value.from || undefined }
						onChange={ ( to ) => onChange( { ...value, to } ) }
					/>
				</>
			) }
			<SelectControl
				__nextHasNoMarginBottom
				__next40pxDefaultSize
				className="handoff-chat-reports__page"
				label={ __( 'Page', 'handoff-chat' ) }
				value={ value.pageUrl }
				options={ pageOptions }
				onChange={ ( pageUrl ) => onChange( { ...value, pageUrl } ) }
			/>
			{ problem && (
				<p className="handoff-chat-reports__problem" role="alert">
					{ problem }
				</p>
			) }
		</div>
	);
}
