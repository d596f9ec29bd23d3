/**
 * Shared by the bot-flow HTTP tests (routes/bot*.test.ts): message texts, and a visitor
 * who has answered the demo flow's two questions. Lives here, not beside the tests, because
 * the bridge build compiles every src file but tests and test-utils (without jest's types).
 */
import type { Message } from '@handoff-chat/contracts';
import type { Chat } from './chat';
import type { Harness } from './harness';

export const texts = ( ms: Message[] ) => ms.map( ( m ) => m.text );

/** `atMenu` for the bridge `h` and helpers `c` that setUpBridge() returned. */
export function visitorAtMenu( h: Harness, c: Chat ) {
	/** A visitor of `siteId` who has answered the demo's two questions and sees the menu. */
	async function atMenu( siteId = h.site.id ) {
		const v = await c.visitor( siteId );
		const started = await c.start( v.token );
		expect( started.status ).toBe( 201 );
		const id = started.body.conversation.id as string;
		expect( ( await c.say( v.token, id, 'Léa' ) ).status ).toBe( 201 );
		expect( ( await c.say( v.token, id, 'ACME' ) ).status ).toBe( 201 );
		return { ...v, id };
	}

	return atMenu;
}
