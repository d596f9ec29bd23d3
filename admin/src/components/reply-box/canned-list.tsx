/** The open list of canned responses, above the reply box (see useCannedCompletion). */
import { __ } from '@wordpress/i18n';
import type { CannedCompletion } from './use-canned-completion';

export default function CannedList( {
	completion: { listId, options, active, optionId, choose },
}: {
	completion: CannedCompletion;
} ) {
	return (
		<ul
			className="handoff-chat-reply__canned"
			id={ listId }
			role="listbox"
			aria-label={ __( 'Canned responses', 'handoff-chat' ) }
		>
			{ options.map( ( r, i ) => (
				<li
					key={ r.id }
					id={ optionId( i ) }
					role="option"
					aria-selected={ i === active }
					className={ i === active ? 'is-active' : '' }
					onMouseDown={ ( e ) => {
						// Keeps the focus in the textarea.
						e.preventDefault();
						choose( r );
					} }
				>
					<strong>{ `/${ r.shortcut }` }</strong>
					<span>{ r.text }</span>
				</li>
			) ) }
		</ul>
	);
}
