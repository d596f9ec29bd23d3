/**
 * Tells the advisor about new visitor messages outside the conversation they are
 * looking at: a short beep (unless muted; remembered in localStorage) and, once they
 * allowed it from the toolbar, a browser notification. Permission is never asked on
 * load: only from a button.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { EVENTS } from '@handoff-chat/contracts/channels';
import type { Message } from '@handoff-chat/contracts';
import { beep as defaultBeep } from '../utils/beep';
import { useInboxChannel } from './use-advisor-self';
import { useChannel } from './use-realtime';

export const MUTE_KEY = 'handoff-chat:muted';

export type PermissionState = NotificationPermission | 'unsupported';

function readMuted(): boolean {
	try {
		return window.localStorage.getItem( MUTE_KEY ) === '1';
	} catch {
		return false;
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
	const [ muted, setMutedState ] = useState( readMuted );
	const [ permission, setPermission ] =
		useState< PermissionState >( permissionNow );
	const latest = useRef( { openId, nameOf, onOpen, muted, beep } );
	latest.current = { openId, nameOf, onOpen, muted, beep };
	const notified = useRef( new Set< string >() );

	const setMuted = useCallback( ( value: boolean ) => {
		setMutedState( value );
		try {
			window.localStorage.setItem( MUTE_KEY, value ? '1' : '0' );
		} catch {
			// Private mode: the choice lasts for this page only.
		}
	}, [] );

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

	const onMessage = ( data: { message?: Message } ) => {
		const m = data?.message;
		if (
			! m ||
			m.author.type !== 'visitor' ||
			m.kind === 'note' ||
			notified.current.has( m.id )
		) {
			return;
		}
		notified.current.add( m.id );
		const cur = latest.current;
		const focused =
			m.conversationId === cur.openId &&
			document.visibilityState === 'visible' &&
			document.hasFocus();
		if ( focused ) {
			return;
		}
		if ( ! cur.muted ) {
			cur.beep();
		}
		if ( permissionNow() !== 'granted' ) {
			return;
		}
		try {
			const n = new window.Notification(
				sprintf(
					/* translators: %s: the visitor's name or pseudonym. */
					__( 'New message from %s', 'handoff-chat' ),
					cur.nameOf( m.conversationId, m.author.id ?? '' )
				),
				{
					body:
						m.kind === 'image'
							? __( 'Sent an image', 'handoff-chat' )
							: m.text.slice( 0, 140 ),
					tag: `handoff-chat-${ m.conversationId }`,
					silent: true,
				}
			);
			n.onclick = () => {
				window.focus();
				latest.current.onOpen( m.conversationId );
				n.close();
			};
		} catch {
			// Some browsers only allow notifications from a service worker.
		}
	};

	useChannel(
		inbox,
		{ [ EVENTS.messageCreated ]: onMessage },
		() => undefined
	);

	return { muted, setMuted, permission, requestPermission };
}
