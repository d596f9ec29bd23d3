/**
 * The orange ring travels with every conversation payload (issue 10, item 1): realtime
 * `conversation-updated` events carry `unanswered`, computed by the same rule as the inbox
 * items, so an open conversation's header clears when the advisor replies or the visitor
 * goes back to the bot — without a refetch.
 */
import { conversationChannel, inboxChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { visitorAtMenu } from '../test-utils/bot-menu';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();
const atMenu = visitorAtMenu( h, c );

type Heard = { events: Array< { event: string; data: any } > };
const rings = ( got: Heard ) =>
	got.events
		.filter( ( e ) => e.event === 'conversation-updated' )
		.map( ( e ) => [
			e.data.conversation.state,
			e.data.conversation.unanswered,
		] );

it( 'carries unanswered in conversation-updated: set by the visitor, cleared by a reply or the bot', async () => {
	const anna = await advisorToken( h.site, '51', { name: 'Anna' } );
	const v = await atMenu();
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( h.site.id, v.id )
	);

	// A newer update may supersede a queued one: wait for each step's last state on both channels.
	const settles = ( state: string, unanswered: boolean ) =>
		Promise.all(
			[ onInbox, onVisitor ].map( ( got ) =>
				waitFor(
					() => {
						const last = rings( got ).at( -1 );
						return (
							last?.[ 0 ] === state && last[ 1 ] === unanswered
						);
					},
					3000,
					`${ state }, unanswered ${ unanswered }`
				)
			)
		);

	await c.act( v.token, v.id, { type: 'request_human' } );
	await settles( 'waiting', true ); // the visitor's answers wait for a human
	await c.say( anna, v.id, 'Hello, how can I help?' );
	await settles( 'live', false );
	await c.say( v.token, v.id, 'About my order' );
	await settles( 'live', true );
	await c.act( v.token, v.id, { type: 'back_to_bot' } );
	await settles( 'bot', false );
	expect(
		rings( onInbox ).every( ( [ , u ] ) => typeof u === 'boolean' )
	).toBe( true );
	// The inbox item says the same.
	const view = (
		await c.call( 'GET', `/v1/conversations/${ v.id }`, { token: anna } )
	).body.conversation;
	expect( view.unanswered ).toBe( false );
} );
