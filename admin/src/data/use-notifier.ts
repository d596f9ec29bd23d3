/**
 * Tells the advisor when a conversation needs them (utils/notify-rules.ts decides: someone
 * joins the queue, or writes in a live chat the advisor may answer; the chatbot phase only
 * when they asked for it): a short beep (unless muted) and, once they allowed it from the
 * toolbar, a browser notification. Permission is never asked on load: only from a button.
 * The sound and the chatbot choice are this advisor's, in this browser (localStorage), as
 * browser notifications themselves are.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { EVENTS } from '@handoff-chat/contracts/channels';
import type { Conversation, Message } from '@handoff-chat/contracts';
import { truncateText } from '@handoff-chat/contracts/text';
import { beep as defaultBeep } from '../utils/beep';
import { noticeFor, type Notice } from '../utils/notify-rules';
import { useServices } from './services';
import { useInboxChannel } from './use-advisor-self';
import { useChannel } from './use-realtime';

export const MUTE_KEY = 'handoff-chat:muted';
/** Per WordPress user: several advisors may share a browser. */
export const botKey = ( userId: string ) =>
	`handoff-chat:notify-bot:${ userId }`;

export type PermissionState = NotificationPermission | 'unsupported';

function readFlag( key: string ): boolean {
	try {
		return window.localStorage.getItem( key ) === '1';
	} catch {
		return false;
	}
}

function writeFlag( key: string, value: boolean ): void {
	try {
		window.localStorage.setItem( key, value ? '1' : '0' );
	} catch {
		// Private mode: the choice lasts for this page only.
	}
}

function permissionNow(): PermissionState {
	return typeof window !== 'undefined' && 'Notification' in window
		? window.Notification.permission
		: 'unsupported';
}

export interface NotifierState {
	muted: boolean;
	setMuted: ( muted: boolean ) => void;
	/** Also told about conversations with the chatbot (off by default). */
	botToo: boolean;
	setBotToo: ( on: boolean ) => void;
	permission: PermissionState;
	requestPermission: () => void;
}

interface Options {
	/** The conversation on screen. */
	openId: string | null;
	/** Its name, for the notification's title. */
	nameOf: ( conversationId: string, visitorId: string ) => string;
	onOpen: ( conversationId: string ) => void;
	/** Injected in tests. */
	beep?: () => void;
}

export function useNotifier( {
	openId,
	nameOf,
	onOpen,
	beep = defaultBeep,
}: Options ): NotifierState {
	const inbox = useInboxChannel();
	const { user } = useServices();
	const [ muted, setMutedState ] = useState( () => readFlag( MUTE_KEY ) );
	const [ botToo, setBotTooState ] = useState( () =>
		readFlag( botKey( user.id ) )
	);
	const [ permission, setPermission ] =
		useState< PermissionState >( permissionNow );
	const latest = useRef( { openId, nameOf, onOpen, muted, botToo, beep } );
	latest.current = { openId, nameOf, onOpen, muted, botToo, beep };
	const notified = useRef( new Set< string >() );
	/** Per conversation: the messages of the write whose conversation-updated is still to come. */
	const pending = useRef( new Map< string, Message[] >() );

	const setMuted = useCallback( ( value: boolean ) => {
		setMutedState( value );
		writeFlag( MUTE_KEY, value );
	}, [] );

	const setBotToo = useCallback(
		( value: boolean ) => {
			setBotTooState( value );
			writeFlag( botKey( user.id ), value );
		},
		[ user.id ]
	);

	const requestPermission = useCallback( () => {
		if ( ! ( 'Notification' in window ) ) {
			return;
		}
		Promise.resolve( window.Notification.requestPermission() ).then(
			( p ) => setPermission( p ),
			() => setPermission( permissionNow() )
		);
	}, [] );

	useEffect( () => {
		// Permission may change in the browser's own settings.
		const onVisible = () => setPermission( permissionNow() );
		document.addEventListener( 'visibilitychange', onVisible );
		return () =>
			document.removeEventListener( 'visibilitychange', onVisible );
	}, [] );

	// The bridge publishes a write's messages, then the conversation after it (same channel, in order).
	const onMessage = ( data: { message?: Message } ) => {
		const m = data?.message;
		if ( ! m ) {
			return; // A note's hint: never news.
		}
		const held = pending.current.get( m.conversationId ) ?? [];
		pending.current.set( m.conversationId, [ ...held, m ] );
	};

	const onConversation = ( data: { conversation?: Conversation } ) => {
		const c = data?.conversation;
		if ( ! c ) {
			return;
		}
		const messages = pending.current.get( c.id ) ?? [];
		pending.current.delete( c.id );
		const cur = latest.current;
		const notice = noticeFor( c, messages, {
			me: user.id,
			botToo: cur.botToo,
			watching:
				c.id === cur.openId &&
				document.visibilityState === 'visible' &&
				document.hasFocus(),
		} );
		if ( ! notice || notified.current.has( notice.key ) ) {
			return;
		}
		notified.current.add( notice.key );
		if ( ! cur.muted ) {
			cur.beep();
		}
		if ( permissionNow() !== 'granted' ) {
			return;
		}
		try {
			const n = new window.Notification(
				titleOf( notice, cur.nameOf( c.id, c.visitorId ) ),
				{
					body: bodyOf( notice.message ),
					tag: `handoff-chat-${ c.id }`,
					silent: true,
				}
			);
			n.onclick = () => {
				window.focus();
				latest.current.onOpen( c.id );
				n.close();
			};
		} catch {
			// Some browsers only allow notifications from a service worker.
		}
	};

	useChannel(
		inbox,
		{
			[ EVENTS.messageCreated ]: onMessage,
			[ EVENTS.conversationUpdated ]: onConversation,
		},
		// Events missed while offline are not told late: start afresh.
		() => pending.current.clear()
	);

	return {
		muted,
		setMuted,
		botToo,
		setBotToo,
		permission,
		requestPermission,
	};
}

/** The notification's title: who, and whether they wait for an advisor. */
export function titleOf( notice: Notice, name: string ): string {
	if ( notice.kind === 'waiting' ) {
		return sprintf(
			/* translators: %s: the visitor's name or pseudonym. */
			__( '%s is waiting for an advisor', 'handoff-chat' ),
			name
		);
	}
	return notice.phase === 'bot'
		? sprintf(
				/* translators: %s: the visitor's name or pseudonym. */
				__( '%s replied to the chatbot', 'handoff-chat' ),
				name
			)
		: sprintf(
				/* translators: %s: the visitor's name or pseudonym. */
				__( 'New message from %s', 'handoff-chat' ),
				name
			);
}

function bodyOf( m: Message | null ): string {
	if ( ! m ) {
		return '';
	}
	return m.kind === 'image'
		? __( 'Sent an image', 'handoff-chat' )
		: truncateText( m.text, 140 );
}
