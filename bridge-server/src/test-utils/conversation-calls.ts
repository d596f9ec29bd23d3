/**
 * Shared by the conversation HTTP tests (routes/conversations*.test.ts): a visitor and a
 * conversation created over HTTP, each checked for its 201. Lives here, not beside the
 * tests, because the bridge build compiles every src file but tests and test-utils
 * (without jest's types).
 */
import type { Chat } from './chat';
import type { Harness } from './harness';

/** `call`, `newVisitor` and `newConversation` for the bridge that setUpBridge() returned. */
export function conversationCalls( bridge: { h: Harness; c: Chat } ) {
	const h = bridge.h;
	const call = ( ...args: Parameters< Chat[ 'call' ] > ) =>
		bridge.c.call( ...args );

	async function newVisitor() {
		const res = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
			body: {},
		} );
		expect( res.status ).toBe( 201 );
		return res.body as { visitorId: string; token: string };
	}

	async function newConversation(
		token: string,
		mode: 'live' | 'bot' = 'live'
	) {
		const res = await call( 'POST', '/v1/conversations', {
			token,
			body: {
				pageUrl: 'http://127.0.0.1/chat-demo/',
				pageTitle: 'Chat demo',
				mode,
			},
		} );
		expect( res.status ).toBe( 201 );
		return res.body.conversation as {
			id: string;
			state: string;
			lastSeq: number;
		};
	}

	return { call, newVisitor, newConversation };
}
