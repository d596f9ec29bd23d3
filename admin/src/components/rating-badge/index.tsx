/**
 * The visitor's rating of a closed conversation (POST …/rating in docs/api.md): a small
 * "★ 4" badge in the list, "Rated 4/5 — “comment”" in the conversation's header.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { ConversationRating } from '@handoff-chat/contracts';
import './index.scss';

interface Props {
	rating: ConversationRating | null | undefined;
	/** The list's badge (score only); otherwise the score and the comment. */
	compact?: boolean;
}

export const ratingLabel = ( score: number ) =>
	sprintf(
		/* translators: %d: the visitor's rating, 1 to 5. */
		__( 'Rated %d/5', 'handoff-chat' ),
		score
	);

export default function RatingBadge( { rating, compact = false }: Props ) {
	if ( ! rating ) {
		return null;
	}
	const label = ratingLabel( rating.score );
	if ( compact ) {
		return (
			<span
				className={ `handoff-chat-rating-badge is-score-${ rating.score }` }
				title={
					rating.comment ? `${ label } — ${ rating.comment }` : label
				}
			>
				<span aria-hidden="true">★ { rating.score }</span>
				<span className="screen-reader-text">{ label }</span>
			</span>
		);
	}
	return (
		<p className="handoff-chat-rating-line">
			<span
				className={ `handoff-chat-rating-badge is-score-${ rating.score }` }
				aria-hidden="true"
			>
				{ '★'.repeat( rating.score ) + '☆'.repeat( 5 - rating.score ) }
			</span>{ ' ' }
			{ rating.comment
				? sprintf(
						/* translators: 1: the rating text ("Rated 4/5"), 2: the visitor's comment. */
						__( '%1$s — “%2$s”', 'handoff-chat' ),
						label,
						rating.comment
					)
				: label }
		</p>
	);
}
