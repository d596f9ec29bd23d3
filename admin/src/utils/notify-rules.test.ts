import type { Message, MessageMeta } from '@handoff-chat/contracts';
import { conversation, message } from '../test-utils/fixtures';
import { noticeFor, type NotifyContext } from './notify-rules';

const me = '7';
const ctx: NotifyContext = { me, botToo: false, watching: false };
const visitor = ( seq: number, text = `message ${ seq }` ) =>
	message( seq, { text } );
const line = ( seq: number, meta: MessageMeta ): Message =>
	message( seq, {
		kind: 'event',
		author: { type: 'system', id: null, name: null },
		text: '',
		meta,
	} );
const bot = ( seq: number ) =>
	message( seq, {
		author: { type: 'bot', id: null, name: null },
		text: 'And your company?',
	} );
const at = ( state: 'bot' | 'waiting' | 'live', over = {} ) =>
	conversation( 'c_1', { state, mode: 'bot', flowId: 'demo', ...over } );

describe( 'noticeFor', () => {
	it( 'stays silent through the chatbot phase: answers, button presses, bot replies', () => {
		const press = message( 3, {
			text: 'Opening hours',
			meta: { pressed: { stepId: 'menu', buttonId: 'hours' } },
		} );
		for ( const write of [
			[ visitor( 2, 'Léa' ), bot( 3 ) ],
			[ press, bot( 4 ) ],
		] ) {
			expect( noticeFor( at( 'bot' ), write, ctx ) ).toBeNull();
		}
	} );

	it( 'tells the chatbot phase to an advisor who asked for it', () => {
		expect(
			noticeFor( at( 'bot' ), [ visitor( 2, 'Léa' ), bot( 3 ) ], {
				...ctx,
				botToo: true,
			} )
		).toMatchObject( {
			kind: 'message',
			phase: 'bot',
			message: { text: 'Léa' },
		} );
	} );

	it( 'says someone waits for an advisor when the bot transfers, once per transfer', () => {
		const write = [
			line( 5, { event: 'human_requested' } ),
			line( 6, { event: 'transferred' } ),
		];
		write[ 0 ].author = { type: 'visitor', id: 'v_1', name: null };
		expect( noticeFor( at( 'waiting' ), write, ctx ) ).toEqual( {
			kind: 'waiting',
			message: null,
			key: 'm_6',
		} );
		// A named transfer to a colleague concerns them only.
		expect(
			noticeFor( at( 'waiting', { assignedAdvisorId: '9' } ), write, ctx )
		).toBeNull();
		// The transfer's second write (routing, waiting text) is no news.
		expect( noticeFor( at( 'waiting' ), [ bot( 7 ) ], ctx ) ).toBeNull();
	} );

	it( 'says a new live chat waits, with its first message', () => {
		const first = conversation( 'c_1', { state: 'waiting', mode: 'live' } );
		expect(
			noticeFor( first, [ visitor( 1, 'Do you deliver?' ) ], ctx )
		).toMatchObject( {
			kind: 'waiting',
			message: { text: 'Do you deliver?' },
		} );
		expect(
			noticeFor( first, [ visitor( 2, 'Hello?' ) ], ctx )
		).toMatchObject( { kind: 'message', phase: 'live' } );
	} );

	it( 'tells a colleague’s unassign or reopen, not one’s own', () => {
		const unassigned = ( actor: string ) => [
			line( 8, { event: 'unassigned', actor: { id: actor, name: 'X' } } ),
		];
		expect(
			noticeFor( at( 'waiting' ), unassigned( '9' ), ctx )
		).toMatchObject( { kind: 'waiting' } );
		expect(
			noticeFor( at( 'waiting' ), unassigned( me ), ctx )
		).toBeNull();
	} );

	it( 'tells a visitor message in a live chat to its assignee only; unassigned, to everyone', () => {
		const write = [ visitor( 9, 'Still there?' ) ];
		expect(
			noticeFor( at( 'live', { assignedAdvisorId: me } ), write, ctx )
		).toMatchObject( {
			kind: 'message',
			phase: 'live',
			message: { text: 'Still there?' },
			key: 'm_9',
		} );
		expect(
			noticeFor( at( 'live', { assignedAdvisorId: '9' } ), write, ctx )
		).toBeNull();
		expect( noticeFor( at( 'waiting' ), write, ctx ) ).toMatchObject( {
			kind: 'message',
		} );
		// Not while the advisor reads that very conversation.
		expect(
			noticeFor( at( 'live', { assignedAdvisorId: me } ), write, {
				...ctx,
				watching: true,
			} )
		).toBeNull();
	} );

	it( 'never tells advisors’ messages, notes or events', () => {
		const advisor = message( 10, {
			author: { type: 'advisor', id: '9', name: 'Noé' },
		} );
		const note = message( 11, { kind: 'note' } );
		const back = line( 12, { event: 'back_to_bot' } );
		back.author = { type: 'visitor', id: 'v_1', name: null };
		expect( noticeFor( at( 'live' ), [ advisor, note ], ctx ) ).toBeNull();
		expect(
			noticeFor( at( 'bot' ), [ back ], { ...ctx, botToo: true } )
		).toBeNull();
	} );
} );
