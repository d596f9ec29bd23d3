/**
 * Typing indicators. In: "Visitor is typing…" for a few seconds after a `typing` event
 * from the visitor (inbox channel), and a colleague's typing (conversation channel);
 * a new message from that side ends it at once. Out: at most one POST every 2 s while
 * the advisor types a reply (never while writing a note).
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { conversationChannel, EVENTS } from '@handoff-chat/contracts/channels';
import type { Message, TypingEvent } from '@handoff-chat/contracts';
import { useServices } from './services';
import { useInboxChannel } from './use-advisor-self';
import { useChannel, useRealtimeSiteId } from './use-realtime';

export const TYPING_SHOW_MS = 4_000;
export const TYPING_SEND_EVERY_MS = 2_000;

export interface TypingIn {
	visitor: boolean;
	/** Name of a colleague typing in this conversation, or null. */
	colleague: string | null;
}

export function useTypingIndicator( conversationId: string ): TypingIn {
	const { user } = useServices();
	const siteId = useRealtimeSiteId();
	const inbox = useInboxChannel();
	const [ state, setState ] = useState< TypingIn >( {
		visitor: false,
		colleague: null,
	} );
	const timers = useRef< Record< string, ReturnType< typeof setTimeout > > >(
		{}
	);

	useEffect(
		() => () => Object.values( timers.current ).forEach( clearTimeout ),
		[]
	);

	const show = ( key: 'visitor' | 'colleague', value: string | true ) => {
		clearTimeout( timers.current[ key ] );
		setState( ( s ) => ( { ...s, [ key ]: value } ) );
		timers.current[ key ] = setTimeout(
			() =>
				setState( ( s ) => ( {
					...s,
					[ key ]: key === 'visitor' ? false : null,
				} ) ),
			TYPING_SHOW_MS
		);
	};

	const onTyping = ( data: Partial< TypingEvent > ) => {
		if ( data?.conversationId !== conversationId ) {
			return;
		}
		if ( data.by === 'visitor' ) {
			show( 'visitor', true );
		} else if (
			data.by === 'advisor' &&
			data.name &&
			data.name !== user.name
		) {
			show( 'colleague', data.name );
		}
	};

	const onMessage = ( data: { message?: Message } ) => {
		const m = data?.message;
		if ( m?.conversationId !== conversationId ) {
			return;
		}
		const key = m.author.type === 'visitor' ? 'visitor' : 'colleague';
		clearTimeout( timers.current[ key ] );
		setState( ( s ) =>
			key === 'visitor'
				? { ...s, visitor: false }
				: { ...s, colleague: null }
		);
	};

	useChannel(
		inbox,
		{ [ EVENTS.typing ]: onTyping, [ EVENTS.messageCreated ]: onMessage },
		() => undefined
	);
	useChannel(
		siteId ? conversationChannel( siteId, conversationId ) : null,
		{ [ EVENTS.typing ]: onTyping },
		() => undefined
	);
	return state;
}

/** Returns the function the reply box calls on every keystroke. */
export function useTypingSender( conversationId: string ): () => void {
	const { api } = useServices();
	const last = useRef( 0 );
	return useCallback( () => {
		const t = Date.now();
		if ( t - last.current < TYPING_SEND_EVERY_MS ) {
			return;
		}
		last.current = t;
		api.sendTyping( conversationId ).catch( () => undefined );
	}, [ api, conversationId ] );
}
