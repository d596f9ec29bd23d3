/**
 * Entry printed on Conversations → Settings: the "Check from this browser" button. Runs the
 * browser checks (checks.ts) against the addresses the widget uses, keeps their result in
 * WordPress (Site Health shows it), then runs the server's checks (bridge, WebSocket port,
 * bridge → WordPress notify) through REST and lists everything with its cause and remedy.
 */
import apiFetch from '@wordpress/api-fetch';
import domReady from '@wordpress/dom-ready';
import { __ } from '@wordpress/i18n';
import { runBrowserChecks, type CheckInput } from './checks';

/** Printed by PHP (HandoffChat\Admin\Settings_Page::enqueue_connection_check()). */
export interface ConnectionCheckState {
	bridgeUrl: string;
	siteId: string;
	siteUrl: string;
	/** REST path of the checks, e.g. `/handoff-chat/v1/connection-checks`. */
	restPath: string;
	/** The server checks to run after the browser's, in order. */
	serverChecks: string[];
}

/** A server check's answer (HandoffChat\Health\Connection_Checks). */
interface ServerResult {
	test: string;
	status: 'good' | 'recommended' | 'critical';
	label: string;
	cause: string;
	action: string;
}

interface Row {
	id: string;
	status: 'good' | 'recommended' | 'critical';
	label: string;
	cause: string;
	action: string;
}

function renderRow( list: HTMLElement, row: Row ): void {
	// The list's heading shows with its first result.
	const heading = list.getAttribute( 'aria-labelledby' );
	if ( heading ) {
		document.getElementById( heading )?.removeAttribute( 'hidden' );
	}
	const li = document.createElement( 'li' );
	li.className = `handoff-chat-check is-${ row.status }`;
	li.dataset.check = row.id;
	const icon = document.createElement( 'span' );
	icon.className = `dashicons ${
		row.status === 'good' ? 'dashicons-yes-alt' : 'dashicons-warning'
	}`;
	icon.setAttribute( 'aria-hidden', 'true' );
	const label = document.createElement( 'strong' );
	label.textContent = row.label;
	const verdict = document.createElement( 'span' );
	verdict.className = 'handoff-chat-check-verdict';
	verdict.textContent =
		row.status === 'good'
			? __( 'passed', 'handoff-chat' )
			: __( 'failed', 'handoff-chat' );
	const cause = document.createElement( 'p' );
	cause.className = 'handoff-chat-check-cause';
	cause.textContent = row.cause;
	li.append( icon, ' ', label, ' — ', verdict, cause );
	if ( row.action ) {
		const action = document.createElement( 'p' );
		action.className = 'handoff-chat-check-action';
		action.textContent = row.action;
		li.append( action );
	}
	list.append( li );
}

export function mountConnectionCheck(
	root: HTMLElement,
	state: ConnectionCheckState
): void {
	const button = root.querySelector< HTMLButtonElement >(
		'.handoff-chat-check-run'
	);
	const status = root.querySelector< HTMLElement >(
		'.handoff-chat-check-status'
	);
	const browserList = root.querySelector< HTMLElement >(
		'.handoff-chat-check-browser'
	);
	const serverList = root.querySelector< HTMLElement >(
		'.handoff-chat-check-server'
	);
	if ( ! button || ! status || ! browserList || ! serverList ) {
		return;
	}
	const input: CheckInput = {
		bridgeUrl: state.bridgeUrl,
		siteId: state.siteId,
		siteUrl: state.siteUrl,
		origin: window.location.origin,
	};
	button.addEventListener( 'click', async () => {
		button.disabled = true;
		browserList.replaceChildren();
		serverList.replaceChildren();
		root.classList.remove( 'is-done' );
		status.textContent = __(
			'Checking from this browser…',
			'handoff-chat'
		);
		let failures = 0;
		try {
			const browser = await runBrowserChecks( input, {
				fetch: window.fetch.bind( window ),
				WebSocket: window.WebSocket,
			} );
			for ( const r of browser.results ) {
				failures += r.ok ? 0 : 1;
				renderRow( browserList, {
					...r,
					status: r.ok ? 'good' : 'critical',
				} );
			}
			// Kept for Site Health; a failure to keep it does not hide the results.
			await apiFetch( {
				path: `${ state.restPath }/browser`,
				method: 'POST',
				data: {
					results: browser.results,
					realtime: browser.realtimeUrl,
				},
			} ).catch( () => undefined );

			status.textContent = __(
				'Checking from this server…',
				'handoff-chat'
			);
			for ( const test of state.serverChecks ) {
				const r = await apiFetch< ServerResult >( {
					path: `${ state.restPath }/${ test }`,
				} ).catch( ( e: { message?: string } ): ServerResult => ( {
					test,
					status: 'critical',
					label: __( 'The check could not run', 'handoff-chat' ),
					cause: e?.message ?? '',
					action: '',
				} ) );
				failures += r.status === 'good' ? 0 : 1;
				renderRow( serverList, { ...r, id: r.test } );
			}
			status.textContent = failures
				? __(
						'Some checks failed: see what to do below each one.',
						'handoff-chat'
					)
				: __(
						'All checks passed: visitors can chat and advisors will be notified.',
						'handoff-chat'
					);
		} finally {
			root.classList.add( 'is-done' );
			button.disabled = false;
		}
	} );
}

declare global {
	interface Window {
		handoffChatConnectionCheck?: ConnectionCheckState;
	}
}

domReady( () => {
	const root = document.getElementById( 'handoff-chat-checks' );
	const state = window.handoffChatConnectionCheck;
	if ( root && state ) {
		mountConnectionCheck( root, state );
	}
} );
