/** A chart's numbers as a table, behind a "Show the data" disclosure (open when no chart can be drawn). */
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

interface Props {
	caption: string;
	head: string[];
	rows: ReactNode[][];
	open?: boolean;
}

export default function DataTable( { caption, head, rows, open }: Props ) {
	return (
		<details className="handoff-chat-reports__data" open={ open }>
			<summary>{ __( 'Show the data', 'handoff-chat' ) }</summary>
			<table className="widefat striped">
				<caption className="screen-reader-text">{ caption }</caption>
				<thead>
					<tr>
						{ head.map( ( h ) => (
							<th key={ h } scope="col">
								{ h }
							</th>
						) ) }
					</tr>
				</thead>
				<tbody>
					{ rows.map( ( row, i ) => (
						<tr key={ i }>
							{ row.map( ( cell, j ) =>
								j === 0 ? (
									<th key={ j } scope="row">
										{ cell }
									</th>
								) : (
									<td key={ j }>{ cell }</td>
								)
							) }
						</tr>
					) ) }
				</tbody>
			</table>
		</details>
	);
}
