/**
 * The advisor a transfer step assigns: the site's advisors as the bridge knows them
 * (they appear once they have opened the inbox). A saved id the list lacks stays
 * selectable, so opening and saving a flow never drops it; validateFlow still decides
 * whether the value is acceptable.
 */
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { useAdvisors } from '../../data/use-advisors';
import { FlowSelectControl } from '../flow-field';

interface Props {
	/** Issue path of `advisorId`. */
	path: string;
	value: string | null;
	onChange: ( advisorId: string | null ) => void;
}

export default function AdvisorSelect( { path, value, onChange }: Props ) {
	const { advisors, status, refresh } = useAdvisors();
	const chosen = advisors.find( ( a ) => a.id === value );

	const options = advisors.map( ( a ) => ( {
		value: a.id,
		label: a.licensed
			? a.name
			: sprintf(
					/* translators: %s: an advisor's name. */
					__( '%s — No licence', 'handoff-chat' ),
					a.name
				),
		// As in the inbox's assign menu; a saved choice stays selected.
		disabled: ! a.licensed && a.id !== value,
	} ) );
	if ( value && ! chosen ) {
		options.unshift( {
			value,
			label: sprintf(
				/* translators: %s: a WordPress user id. */
				__( 'Advisor #%s (not seen yet)', 'handoff-chat' ),
				value
			),
			disabled: false,
		} );
	}
	if ( ! value ) {
		options.unshift( {
			value: '',
			label:
				status === 'loading'
					? __( 'Loading advisors…', 'handoff-chat' )
					: __( '— Choose an advisor —', 'handoff-chat' ),
			disabled: false,
		} );
	}

	let help: string;
	if ( status === 'loading' ) {
		help = __( 'Loading advisors…', 'handoff-chat' );
	} else if ( status === 'error' ) {
		help = __( 'The advisors could not be loaded.', 'handoff-chat' );
	} else if ( ! advisors.length ) {
		help = __(
			'No advisor yet: advisors appear here once they have opened the inbox.',
			'handoff-chat'
		);
	} else if ( chosen && ! chosen.licensed ) {
		help = __(
			'Without a licence this advisor is not assigned: the first advisor to answer takes the conversation.',
			'handoff-chat'
		);
	} else {
		help = __(
			'Advisors appear here once they have opened the inbox.',
			'handoff-chat'
		);
	}

	return (
		<div className="handoff-chat-step-form__advisor">
			<FlowSelectControl
				path={ path }
				label={ __( 'Advisor', 'handoff-chat' ) }
				value={ value ?? '' }
				options={ options }
				onChange={ ( v ) => onChange( v || null ) }
				help={ help }
			/>
			{ status === 'error' && (
				<Button variant="secondary" size="small" onClick={ refresh }>
					{ __( 'Retry', 'handoff-chat' ) }
				</Button>
			) }
		</div>
	);
}
