/**
 * The inbox's keyboard shortcuts: Alt+↓ / Alt+↑ next and previous conversation,
 * Alt+C close the open one, Alt+N switch between reply and note. `code` is read
 * rather than `key`, because Alt changes the character typed on macOS (Alt+C is "ç").
 */
import { useEffect, useRef } from '@wordpress/element';

export type ShortcutAction = 'next' | 'previous' | 'close' | 'note';

export const SHORTCUTS: Array< { action: ShortcutAction; code: string } > = [
	{ action: 'next', code: 'ArrowDown' },
	{ action: 'previous', code: 'ArrowUp' },
	{ action: 'close', code: 'KeyC' },
	{ action: 'note', code: 'KeyN' },
];

export function shortcutOf(
	e: Pick<
		KeyboardEvent,
		'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key'
	>
): ShortcutAction | null {
	if ( ! e.altKey || e.ctrlKey || e.metaKey || e.shiftKey ) {
		return null;
	}
	const code = e.code || e.key;
	return SHORTCUTS.find( ( s ) => s.code === code )?.action ?? null;
}

export function useShortcuts(
	onAction: ( action: ShortcutAction ) => void
): void {
	const handler = useRef( onAction );
	handler.current = onAction;
	useEffect( () => {
		const onKeyDown = ( e: KeyboardEvent ) => {
			const action = shortcutOf( e );
			if ( ! action || e.defaultPrevented ) {
				return;
			}
			// A dialog (close confirmation, settings) keeps the keyboard to itself.
			if (
				document.querySelector( '.components-modal__screen-overlay' )
			) {
				return;
			}
			e.preventDefault();
			handler.current( action );
		};
		document.addEventListener( 'keydown', onKeyDown );
		return () => document.removeEventListener( 'keydown', onKeyDown );
	}, [] );
}
