/**
 * The conversations of one list: buttons in a list (aria-current on the open one),
 * Up/Down arrows move between them, more pages load near the end or on "Load more".
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import type { KeyboardEvent } from 'react';
import { __ } from '@wordpress/i18n';
import type { Conversation } from '@handoff-chat/contracts';
import { useNow } from '../../data/use-now';
import ConversationListItem from '../conversation-list-item';
import './index.scss';

interface Props {
	conversations: Conversation[];
	selectedId: string | null;
	status: 'loading' | 'ready' | 'error';
	error: Error | null;
	hasMore: boolean;
	loadingMore: boolean;
	filtered: boolean;
	label: string;
	onSelect: ( id: string ) => void;
	onLoadMore: () => void;
	onRetry: () => void;
}

export default function ConversationList( props: Props ) {
	const {
		conversations,
		selectedId,
		status,
		error,
		hasMore,
		loadingMore,
		filtered,
		label,
	} = props;
	const now = useNow( 60_000 );
	const listRef = useRef< HTMLUListElement >( null );
	const sentinel = useRef< HTMLDivElement >( null );
	const loadMore = useRef( props.onLoadMore );
	loadMore.current = props.onLoadMore;

	// Load the next page when the end of the list scrolls into view.
	useEffect( () => {
		const el = sentinel.current;
		if (
			! el ||
			! hasMore ||
			typeof IntersectionObserver === 'undefined'
		) {
			return undefined;
		}
		const io = new IntersectionObserver( ( entries ) => {
			if ( entries.some( ( e ) => e.isIntersecting ) ) {
				loadMore.current();
			}
		} );
		io.observe( el );
		return () => io.disconnect();
	}, [ hasMore, conversations.length ] );

	const onKeyDown = ( event: KeyboardEvent< HTMLUListElement > ) => {
		if (
			! [ 'ArrowDown', 'ArrowUp', 'Home', 'End' ].includes( event.key )
		) {
			return;
		}
		const buttons = Array.from(
			listRef.current?.querySelectorAll< HTMLButtonElement >(
				'.handoff-chat-item'
			) ?? []
		);
		const index = buttons.indexOf(
			listRef.current?.ownerDocument.activeElement as HTMLButtonElement
		);
		if ( index < 0 ) {
			return;
		}
		event.preventDefault();
		const last = buttons.length - 1;
		const next = {
			ArrowDown: Math.min( index + 1, last ),
			ArrowUp: Math.max( index - 1, 0 ),
			Home: 0,
			End: last,
		}[ event.key as 'ArrowDown' ];
		buttons[ next ]?.focus();
	};

	if ( status === 'loading' ) {
		return (
			<div className="handoff-chat-list__state">
				<Spinner />
				<span>{ __( 'Loading conversations…', 'handoff-chat' ) }</span>
			</div>
		);
	}

	return (
		<div className="handoff-chat-list">
			{ error && (
				<Notice
					status="error"
					isDismissible={ false }
					actions={ [
						{
							label: __( 'Try again', 'handoff-chat' ),
							onClick: props.onRetry,
						},
					] }
				>
					{ error.message }
				</Notice>
			) }
			{ status === 'ready' && conversations.length === 0 && (
				<p className="handoff-chat-list__state">
					{ filtered
						? __(
								'No conversations match this filter.',
								'handoff-chat'
							)
						: __( 'No conversations here yet.', 'handoff-chat' ) }
				</p>
			) }
			{ conversations.length > 0 && (
				// eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- arrow keys move between its buttons.
				<ul
					className="handoff-chat-list__items"
					aria-label={ label }
					ref={ listRef }
					onKeyDown={ onKeyDown }
				>
					{ conversations.map( ( c ) => (
						<ConversationListItem
							key={ c.id }
							conversation={ c }
							selected={ c.id === selectedId }
							now={ now }
							onSelect={ props.onSelect }
						/>
					) ) }
				</ul>
			) }
			{ hasMore && (
				<div className="handoff-chat-list__more" ref={ sentinel }>
					<Button
						variant="secondary"
						onClick={ props.onLoadMore }
						isBusy={ loadingMore }
						disabled={ loadingMore }
						__next40pxDefaultSize
					>
						{ loadingMore
							? __( 'Loading…', 'handoff-chat' )
							: __( 'Load more', 'handoff-chat' ) }
					</Button>
				</div>
			) }
		</div>
	);
}
