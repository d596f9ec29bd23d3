/** Per advisor: conversations handled, messages sent, their first-response time and their ratings. */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReportAdvisor } from '@handoff-chat/contracts';
import { formatDuration, formatRating } from '../../utils/report-format';
import AdvisorAvatar from '../advisor-avatar';

export function ratingText( ratings: ReportAdvisor[ 'ratings' ] ): string {
	if ( ! ratings.count || ratings.average === null ) {
		return '—';
	}
	return sprintf(
		/* translators: 1: average rating out of 5, e.g. "4.5", 2: "2 ratings". */
		__( '%1$s / 5 (%2$s)', 'handoff-chat' ),
		formatRating( ratings.average ),
		sprintf(
			/* translators: %d: number of ratings. */
			_n( '%d rating', '%d ratings', ratings.count, 'handoff-chat' ),
			ratings.count
		)
	);
}

export default function AdvisorsTable( {
	advisors,
}: {
	advisors: ReportAdvisor[];
} ) {
	if ( ! advisors.length ) {
		return (
			<p className="handoff-chat-reports__empty">
				{ __( 'No advisor answered in this period.', 'handoff-chat' ) }
			</p>
		);
	}
	return (
		<div className="handoff-chat-reports__scroll">
			<table className="widefat striped handoff-chat-reports__advisors">
				<caption className="screen-reader-text">
					{ __( 'Advisors', 'handoff-chat' ) }
				</caption>
				<thead>
					<tr>
						<th scope="col">{ __( 'Advisor', 'handoff-chat' ) }</th>
						<th scope="col" className="num">
							{ __( 'Conversations handled', 'handoff-chat' ) }
						</th>
						<th scope="col" className="num">
							{ __( 'Messages', 'handoff-chat' ) }
						</th>
						<th scope="col" className="num">
							{ __( 'First response (median)', 'handoff-chat' ) }
						</th>
						<th scope="col" className="num">
							{ __(
								'First response (9 in 10 within)',
								'handoff-chat'
							) }
						</th>
						<th scope="col" className="num">
							{ __( 'Rating', 'handoff-chat' ) }
						</th>
					</tr>
				</thead>
				<tbody>
					{ advisors.map( ( a ) => (
						<tr key={ a.advisorId } data-advisor-id={ a.advisorId }>
							<th scope="row">
								<span className="handoff-chat-reports__who">
									{ /* Beside the name: a picture, not a second reading of it. */ }
									<span aria-hidden="true">
										<AdvisorAvatar
											name={ a.name }
											avatar={ a.avatar }
										/>
									</span>
									{ a.name }
								</span>
							</th>
							<td className="num">{ a.handled }</td>
							<td className="num">{ a.messages }</td>
							<td className="num">
								{ formatDuration(
									a.firstResponse.medianSeconds
								) }
							</td>
							<td className="num">
								{ formatDuration( a.firstResponse.p90Seconds ) }
							</td>
							<td className="num">{ ratingText( a.ratings ) }</td>
						</tr>
					) ) }
				</tbody>
			</table>
		</div>
	);
}
