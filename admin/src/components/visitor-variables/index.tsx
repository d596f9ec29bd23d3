/** Read-only: what the bot captured about the visitor (first name, company, email…). */
import { Button, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { useVariables } from '../../data/use-variables';
import { formatDateTime } from '../../utils/relative-time';
import './index.scss';

export default function VisitorVariables( {
	conversationId,
}: {
	conversationId: string;
} ) {
	const { variables, status, error, refresh } =
		useVariables( conversationId );
	const headingId = `handoff-chat-variables-${ conversationId }`;
	return (
		<aside className="handoff-chat-variables" aria-labelledby={ headingId }>
			<h3 id={ headingId }>
				{ __( 'Visitor variables', 'handoff-chat' ) }
			</h3>
			{ status === 'loading' && <Spinner /> }
			{ status === 'error' && (
				<p className="handoff-chat-variables__error">
					{ error?.message }{ ' ' }
					<Button variant="link" onClick={ refresh }>
						{ __( 'Try again', 'handoff-chat' ) }
					</Button>
				</p>
			) }
			{ status === 'ready' &&
				( variables.length ? (
					<dl className="handoff-chat-variables__list">
						{ variables.map( ( v ) => (
							<div
								key={ v.name }
								title={ formatDateTime( v.updatedAt ) }
							>
								<dt>{ v.name }</dt>
								<dd>{ v.value }</dd>
							</div>
						) ) }
					</dl>
				) : (
					<p className="handoff-chat-variables__empty">
						{ __( 'Nothing captured yet.', 'handoff-chat' ) }
					</p>
				) ) }
		</aside>
	);
}
