/**
 * The inbox's lists as an ARIA tablist: arrow keys move between tabs (automatic
 * activation), each tab shows its count. The Chatbot tab is left out for advisors who do
 * not see those conversations.
 */
import { useRef } from '@wordpress/element';
import type { KeyboardEvent } from 'react';
import { __ } from '@wordpress/i18n';
import type { InboxCounts } from '../../data/use-inbox';
import type { InboxListName } from '../../utils/inbox-list';
import { listLabel } from '../../utils/labels';
import './index.scss';

export const LISTS: InboxListName[] = [ 'live', 'closed', 'bot' ];

interface Props {
	value: InboxListName;
	/** The tabs shown, in order; all of LISTS by default. */
	lists?: InboxListName[];
	counts: InboxCounts | null;
	onChange: ( list: InboxListName ) => void;
	/** id of the element the tabs control. */
	panelId: string;
	idPrefix: string;
}

export default function ListTabs( {
	value,
	lists = LISTS,
	counts,
	onChange,
	panelId,
	idPrefix,
}: Props ) {
	const refs = useRef< Array< HTMLButtonElement | null > >( [] );

	const onKeyDown = ( event: KeyboardEvent< HTMLButtonElement > ) => {
		const index = lists.indexOf( value );
		let next = -1;
		if ( event.key === 'ArrowRight' ) {
			next = ( index + 1 ) % lists.length;
		} else if ( event.key === 'ArrowLeft' ) {
			next = ( index - 1 + lists.length ) % lists.length;
		} else if ( event.key === 'Home' ) {
			next = 0;
		} else if ( event.key === 'End' ) {
			next = lists.length - 1;
		}
		if ( next >= 0 ) {
			event.preventDefault();
			onChange( lists[ next ] );
			refs.current[ next ]?.focus();
		}
	};

	return (
		<div
			className="handoff-chat-tabs"
			role="tablist"
			aria-label={ __( 'Conversation lists', 'handoff-chat' ) }
		>
			{ lists.map( ( list, i ) => {
				const selected = list === value;
				const count = counts?.[ list ];
				return (
					<button
						key={ list }
						ref={ ( el ) => {
							refs.current[ i ] = el;
						} }
						type="button"
						role="tab"
						id={ `${ idPrefix }-${ list }` }
						aria-selected={ selected }
						aria-controls={ panelId }
						tabIndex={ selected ? 0 : -1 }
						className={ `handoff-chat-tabs__tab${ selected ? ' is-active' : '' }` }
						onClick={ () => onChange( list ) }
						onKeyDown={ onKeyDown }
					>
						<span>{ listLabel( list ) }</span>
						{ count !== undefined && (
							<span className="handoff-chat-tabs__count">
								{ count }
							</span>
						) }
					</button>
				);
			} ) }
		</div>
	);
}
