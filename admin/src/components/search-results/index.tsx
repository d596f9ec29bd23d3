/**
 * Search results in place of the list: one row per conversation, with the matching
 * message's snippet and the match marked (always React text). A click opens it.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { SearchState } from '../../data/use-search';
import { highlightParts, snippetAround } from '../../utils/highlight';
import { visitorDisplayName } from '../../utils/pseudonym';
import { formatDateTime, formatRelativeTime } from '../../utils/relative-time';
import StateBadge from '../state-badge';
import './index.scss';

export function Highlighted( {
	text,
	query,
}: {
	text: string;
	query: string;
} ) {
	return (
		<>
			{ highlightParts( text, query ).map( ( p, i ) =>
				p.match ? <mark key={ i }>{ p.text }</mark> : p.text
			) }
		</>
	);
}

interface Props {
	search: SearchState;
	selectedId: string | null;
	onSelect: ( id: string ) => void;
}

export default function SearchResults( {
	search,
	selectedId,
	onSelect,
}: Props ) {
	const { results, status, error, query } = search;
	const now = Date.now();
	return (
		<div className="handoff-chat-search-results">
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
			) }
			{ status === 'loading' && results.length === 0 && (
				<p className="handoff-chat-list__state">
					<Spinner />
					<span>{ __( 'Searching…', 'handoff-chat' ) }</span>
				</p>
			) }
			{ status === 'ready' && results.length === 0 && (
				<p className="handoff-chat-list__state">
					{ __( 'No conversation matches.', 'handoff-chat' ) }
				</p>
			) }
			{ results.length > 0 && (
				<ul aria-label={ __( 'Search results', 'handoff-chat' ) }>
					{ results.map( ( { conversation: c, message: m } ) => {
						const when = m?.createdAt ?? c.updatedAt;
						const name = visitorDisplayName( c );
						return (
							<li key={ c.id }>
								<button
									type="button"
									className={ `handoff-chat-search-results__item${
										c.id === selectedId
											? ' is-selected'
											: ''
									}` }
									aria-current={
										c.id === selectedId ? 'true' : undefined
									}
									onClick={ () => onSelect( c.id ) }
								>
									<span className="handoff-chat-search-results__top">
										<strong>
											<Highlighted
												text={ name }
												query={ query }
											/>
										</strong>
										<time
											dateTime={ when }
											title={ formatDateTime( when ) }
										>
											{ formatRelativeTime( when, now ) }
										</time>
									</span>
									<span className="handoff-chat-search-results__snippet">
										{ m ? (
											<Highlighted
												text={ snippetAround(
													m.text,
													query
												) }
												query={ query }
											/>
										) : (
											<em>
												{ __(
													'Matched a visitor variable',
													'handoff-chat'
												) }
											</em>
										) }
									</span>
									<span>
										<StateBadge state={ c.state } />
										{ m?.kind === 'note' && (
											<span className="handoff-chat-search-results__note">
												{ __( 'Note', 'handoff-chat' ) }
											</span>
										) }
									</span>
								</button>
							</li>
						);
					} ) }
				</ul>
			) }
			{ search.hasMore && (
				<div className="handoff-chat-list__more">
					<Button
						variant="secondary"
						onClick={ search.loadMore }
						isBusy={ status === 'loading' }
						disabled={ status === 'loading' }
						__next40pxDefaultSize
					>
						{ __( 'More results', 'handoff-chat' ) }
					</Button>
				</div>
			) }
		</div>
	);
}
