/**
 * Canned responses in the reply box: `/` before a word opens the list of matching
 * responses; arrows choose, Enter or Tab inserts, Escape closes it for that `/`.
 * The textarea stays the focus (a combobox with aria-activedescendant).
 */
import { useState } from '@wordpress/element';
import type { KeyboardEvent, RefObject } from 'react';
import type { CannedResponse } from '@handoff-chat/contracts';
import {
	cannedQueryAt,
	filterCanned,
	insertCanned,
	type CannedQuery,
} from '../../utils/canned';

interface Options {
	/** The textarea's id, from which the list's ids are made. */
	id: string;
	canned: readonly CannedResponse[];
	/** False in note mode: notes offer no canned responses. */
	enabled: boolean;
	draft: string;
	setDraft: ( value: string ) => void;
	textarea: RefObject< HTMLTextAreaElement | null >;
}

export interface CannedCompletion {
	open: boolean;
	options: CannedResponse[];
	active: number;
	listId: string;
	optionId: ( i: number ) => string;
	choose: ( r: CannedResponse ) => void;
	/** After an edit: where the caret is now; the list starts again at its top. */
	onEdit: ( caret: number | null ) => void;
	onSelect: ( caret: number | null ) => void;
	/** True when the key drove the open list: the caller does nothing more with it. */
	onKeyDown: ( event: KeyboardEvent< HTMLTextAreaElement > ) => boolean;
	/** The combobox attributes for the textarea. */
	inputProps: {
		'aria-autocomplete': 'list' | undefined;
		'aria-controls': string | undefined;
		'aria-activedescendant': string | undefined;
	};
}

export function useCannedCompletion( {
	id,
	canned,
	enabled,
	draft,
	setDraft,
	textarea,
}: Options ): CannedCompletion {
	const [ caret, setCaret ] = useState< number | null >( null );
	const [ active, setActive ] = useState( 0 );
	const [ dismissed, setDismissed ] = useState< number | null >( null );

	const query: CannedQuery | null =
		canned.length > 0 && enabled ? cannedQueryAt( draft, caret ) : null;
	const options =
		query && query.start !== dismissed
			? filterCanned( canned, query.query )
			: [];
	const open = options.length > 0;
	const listId = `${ id }-canned`;
	const optionId = ( i: number ) => `${ id }-canned-${ i }`;

	const choose = ( r: CannedResponse ) => {
		if ( ! query ) {
			return;
		}
		const next = insertCanned( draft, query, caret, r.text );
		setDraft( next.value );
		setCaret( next.caret );
		requestAnimationFrame( () => {
			textarea.current?.setSelectionRange( next.caret, next.caret );
		} );
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLTextAreaElement > ) => {
		if ( ! open ) {
			return false;
		}
		if ( event.key === 'ArrowDown' || event.key === 'ArrowUp' ) {
			event.preventDefault();
			const n = options.length;
			setActive(
				( a ) => ( a + ( event.key === 'ArrowDown' ? 1 : n - 1 ) ) % n
			);
			return true;
		}
		if ( event.key === 'Enter' || event.key === 'Tab' ) {
			event.preventDefault();
			choose( options[ Math.min( active, options.length - 1 ) ] );
			return true;
		}
		if ( event.key === 'Escape' ) {
			event.preventDefault();
			setDismissed( query?.start ?? null );
			return true;
		}
		return false;
	};

	return {
		open,
		options,
		active,
		listId,
		optionId,
		choose,
		onEdit: ( at ) => {
			setCaret( at );
			setActive( 0 );
		},
		onSelect: setCaret,
		onKeyDown,
		inputProps: {
			'aria-autocomplete': canned.length ? 'list' : undefined,
			'aria-controls': open ? listId : undefined,
			'aria-activedescendant': open ? optionId( active ) : undefined,
		},
	};
}
