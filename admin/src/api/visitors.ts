/** The visitor behind a conversation: details and the variables the bot captured. */
import type {
	VariablesResponse,
	VisitorDetailsResponse,
	VisitorVariable,
} from '@handoff-chat/contracts';
import { conversationPath } from './conversations';
import type { Transport } from './transport';

export interface VisitorsApi {
	getVisitor: ( conversationId: string ) => Promise< VisitorDetailsResponse >;
	/** The visitor's variables (captured by the bot, across conversations). */
	getVariables: ( conversationId: string ) => Promise< VisitorVariable[] >;
	/** null or '' deletes a variable. Answers every variable after the change. */
	putVariables: (
		conversationId: string,
		variables: Record< string, string | null >
	) => Promise< VisitorVariable[] >;
}

export function visitorsApi( { bridge }: Transport ): VisitorsApi {
	return {
		getVisitor( conversationId ) {
			return bridge< VisitorDetailsResponse >(
				`${ conversationPath( conversationId ) }/visitor`
			);
		},

		async getVariables( conversationId ) {
			const body = await bridge< VariablesResponse >(
				`${ conversationPath( conversationId ) }/variables`
			);
			return body.variables;
		},

		async putVariables( conversationId, variables ) {
			const body = await bridge< VariablesResponse >(
				`${ conversationPath( conversationId ) }/variables`,
				{ method: 'PUT', body: { variables } }
			);
			return body.variables;
		},
	};
}
