/**
 * The conversations of one list, windowed (fixed row height) so 100,000 items stay
 * smooth. Each row is a button (aria-current on the open one); Up/Down/Home/End move
 * between rows, scrolling them into view; more pages load as the end nears, or from
 * "Load more".
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import type { KeyboardEvent } from 'react';
import { __ } from '@wordpress/i18n';
import { useNow } from '../../data/use-now';
import { isVisitorOnline } from '../../data/use-online';
import type { InboxItem } from '../../utils/inbox-list';
import ConversationListItem from '../conversation-list-item';
import VirtualList, { type VirtualListHandle } from '../virtual-list';
import './index.scss';

/** Every row has this height (px); conversation-list-item's styles keep to it. */
export const ROW_HEIGHT = 88;

interface Props {
	conversations: InboxItem[];
	selectedId: string | null;
	status: 'loading' | 'ready' | 'error';
	error: Error | null;
	hasMore: boolean;
	loadingMore: boolean;
	filtered: boolean;
	label: string;
	/** Visitors online now (null: use each item's own flag). */
	online?: Set< string > | null;
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
		online = null,
	} = props;
	const now = useNow( 60_000 );
	const list = useRef< VirtualListHandle >( null );

	// Keep the open conversation in view (keyboard shortcuts move it).
	const selectedIndex = conversations.findIndex(
		( c ) => c.id === selectedId
	);
	useEffect( () => {
		if ( selectedIndex >= 0 ) {
			list.current?.scrollToIndex( selectedIndex );
		}
	}, [ selectedIndex ] );

	const onKeyDown = ( event: KeyboardEvent< HTMLUListElement > ) => {
		if (
			! [ 'ArrowDown', 'ArrowUp', 'Home', 'End' ].includes( event.key ) ||
			event.altKey
		) {
			return;
		}
		const row = ( event.target as HTMLElement ).closest< HTMLElement >(
			'[data-index]'
		);
		if ( ! row ) {
			return;
		}
		event.preventDefault();
		const index = Number( row.dataset.index );
		const last = conversations.length - 1;
		const next = {
			ArrowDown: Math.min( index + 1, last ),
			ArrowUp: Math.max( index - 1, 0 ),
			Home: 0,
			End: last,
		}[ event.key as 'ArrowDown' ];
		list.current?.focusIndex( next );
	};

	if ( status === 'loading' ) {
		return (
			<div className="handoff-chat-list__state">
				<Spinner />
				<span>{ __( 'Loading conversations…', 'handoff-chat' ) }</span>
			</div>
		);
	}

	const more = hasMore ? (
		<div className="handoff-chat-list__more">
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
	) : null;

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
				<VirtualList
					ref={ list }
					items={ conversations }
					rowHeight={ ROW_HEIGHT }
					getKey={ ( c ) => c.id }
					label={ label }
					onKeyDown={ onKeyDown }
					onEndReached={
						hasMore && ! loadingMore ? props.onLoadMore : undefined
					}
					renderRow={ ( c ) => (
						<ConversationListItem
							conversation={ c }
							selected={ c.id === selectedId }
							online={ isVisitorOnline( c, online ) }
							now={ now }
							onSelect={ props.onSelect }
						/>
					) }
					footer={ more }
				/>
			) }
		</div>
	);
}
