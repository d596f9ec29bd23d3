import { SelectControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { InboxFilter } from '../../utils/inbox-list';
import { filterLabel } from '../../utils/labels';

const FILTERS: InboxFilter[] = [ 'all', 'unassigned', 'unread', 'mine' ];

export default function ListFilter( {
	value,
	onChange,
}: {
	value: InboxFilter;
	onChange: ( f: InboxFilter ) => void;
} ) {
	return (
		<SelectControl
			className="handoff-chat-filter"
			label={ __( 'Show', 'handoff-chat' ) }
			labelPosition="side"
			value={ value }
			options={ FILTERS.map( ( f ) => ( {
				value: f,
				label: filterLabel( f ),
			} ) ) }
			onChange={ ( v: string ) => onChange( v as InboxFilter ) }
			__nextHasNoMarginBottom
			__next40pxDefaultSize
		/>
	);
}
