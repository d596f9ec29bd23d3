/**
 * The first-run checklist above the inbox (site managers): connect → place the widget →
 * be available → send yourself a test message, each step done from real data
 * (utils/checklist.ts). Hidden per user (user meta, through the plugin's route) and shown
 * again from the link left in its place; focus follows both moves.
 */
import { Button, ExternalLink, Icon } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { check } from '@wordpress/icons';
import type { ReactElement } from 'react';
import { errorMessage } from '../../api';
import { useServices } from '../../data/services';
import type { HandoffChatChecklistState } from '../../global';
import {
	checklistSteps,
	type ChecklistData,
	type ChecklistStep,
} from '../../utils/checklist';
import './index.scss';

interface Props extends ChecklistData {
	checklist: HandoffChatChecklistState;
	settingsUrl: string;
	/** Conversations → Advisors ('' when this user cannot open it). */
	advisorsUrl: string;
}

const TITLE_ID = 'handoff-chat-checklist-title';

export default function FirstRunChecklist( props: Props ) {
	const { api } = useServices();
	const { checklist } = props;
	const [ dismissed, setDismissed ] = useState( checklist.dismissed );
	const [ error, setError ] = useState< string | null >( null );
	// Where focus goes after a change the user made (not on first render).
	const moved = useRef( false );
	const heading = useRef< HTMLHeadingElement >( null );
	const reopen = useRef< HTMLButtonElement >( null );

	useEffect( () => {
		if ( ! moved.current ) {
			return;
		}
		moved.current = false;
		( dismissed ? reopen : heading ).current?.focus();
	}, [ dismissed ] );

	const save = ( next: boolean ) => {
		moved.current = true;
		setDismissed( next );
		setError( null );
		api.setChecklistDismissed( checklist.dismissPath, next ).catch(
			( e ) => {
				setDismissed( ! next );
				setError( errorMessage( e ) );
			}
		);
	};

	if ( dismissed ) {
		return (
			<div className="handoff-chat-checklist-reopen">
				<Button
					ref={ reopen }
					variant="link"
					onClick={ () => save( false ) }
				>
					{ __( 'Show the setup checklist', 'handoff-chat' ) }
				</Button>
				{ error && <p role="alert">{ error }</p> }
			</div>
		);
	}

	const steps = checklistSteps( props );
	const done = steps.filter( ( s ) => s.done ).length;
	return (
		<section
			className="handoff-chat-checklist"
			aria-labelledby={ TITLE_ID }
		>
			<div className="handoff-chat-checklist__header">
				<h2 id={ TITLE_ID } ref={ heading } tabIndex={ -1 }>
					{ __( 'Get ready for your first chat', 'handoff-chat' ) }
				</h2>
				<p className="handoff-chat-checklist__progress">
					{ done === steps.length
						? __(
								'All set: visitors can reach you.',
								'handoff-chat'
							)
						: sprintf(
								/* translators: 1: steps done; 2: steps in all. */
								__( '%1$d of %2$d steps done', 'handoff-chat' ),
								done,
								steps.length
							) }
				</p>
				<Button variant="tertiary" onClick={ () => save( true ) }>
					{ __( 'Hide this checklist', 'handoff-chat' ) }
				</Button>
			</div>
			{ error && (
				<p className="handoff-chat-checklist__error" role="alert">
					{ error }
				</p>
			) }
			<ol className="handoff-chat-checklist__steps">
				{ steps.map( ( step ) => (
					<Step key={ step.id } step={ step } { ...props } />
				) ) }
			</ol>
		</section>
	);
}

function Step( { step, ...p }: Props & { step: ChecklistStep } ) {
	const { title, text, actions } = describe( step, p );
	return (
		<li
			className={ `handoff-chat-checklist__step${
				step.done ? ' is-done' : ''
			}` }
		>
			<span className="handoff-chat-checklist__mark" aria-hidden="true">
				{ step.done && <Icon icon={ check } size={ 20 } /> }
			</span>
			<div>
				<strong>
					<span className="screen-reader-text">
						{ step.done
							? __( 'Done:', 'handoff-chat' )
							: __( 'To do:', 'handoff-chat' ) }{ ' ' }
					</span>
					{ title }
				</strong>
				<p>{ text }</p>
				{ ! step.done && actions.length > 0 && (
					<p className="handoff-chat-checklist__actions">
						{ actions }
					</p>
				) }
			</div>
		</li>
	);
}

function describe(
	step: ChecklistStep,
	p: Props
): { title: string; text: string; actions: ReactElement[] } {
	const { checklist } = p;
	switch ( step.id ) {
		case 'connect':
			return {
				title: __( 'Connect to the bridge', 'handoff-chat' ),
				text: step.done
					? __(
							'Connected: this screen receives conversations live.',
							'handoff-chat'
						)
					: __(
							'Enter the bridge connection in the settings, then come back here.',
							'handoff-chat'
						),
				actions: p.settingsUrl
					? [
							<Button
								key="settings"
								variant="secondary"
								href={ p.settingsUrl }
							>
								{ __( 'Open the settings', 'handoff-chat' ) }
							</Button>,
						]
					: [],
			};
		case 'widget':
			return {
				title: __( 'Put the chat on your site', 'handoff-chat' ),
				text: step.done
					? ( checklist.siteWide &&
							__(
								'The chat shows on every page.',
								'handoff-chat'
							) ) ||
						__(
							'The Handoff Chat block is on a published page.',
							'handoff-chat'
						)
					: __(
							'Add the Handoff Chat block to a page, or show the chat on every page of the site.',
							'handoff-chat'
						),
				actions: [
					<Button
						key="block"
						variant="secondary"
						href={ checklist.newPageUrl }
					>
						{ __( 'Add the block to a new page', 'handoff-chat' ) }
					</Button>,
					<Button
						key="everywhere"
						variant="secondary"
						href={ checklist.siteWideUrl }
					>
						{ __( 'Show it on every page', 'handoff-chat' ) }
					</Button>,
				],
			};
		case 'available':
			return {
				title: __( 'Make yourself available', 'handoff-chat' ),
				text: step.done
					? __(
							'You hold a licence: visitors who ask for someone are handed to you while this screen is open.',
							'handoff-chat'
						)
					: __(
							'Visitors are handed to advisors who hold a licence and have this screen open. Give yourself a licence on the Advisors screen.',
							'handoff-chat'
						),
				actions: p.advisorsUrl
					? [
							<Button
								key="advisors"
								variant="secondary"
								href={ p.advisorsUrl }
							>
								{ __(
									'Open the Advisors screen',
									'handoff-chat'
								) }
							</Button>,
						]
					: [],
			};
		case 'test':
			return {
				title: __( 'Send yourself a test message', 'handoff-chat' ),
				text: step.done
					? __(
							'A conversation has reached this inbox.',
							'handoff-chat'
						)
					: __(
							'Open your site in another window, write in the chat, and answer here.',
							'handoff-chat'
						),
				actions: checklist.testUrl
					? [
							<ExternalLink key="test" href={ checklist.testUrl }>
								{ __(
									'Open the site with the chat',
									'handoff-chat'
								) }
							</ExternalLink>,
						]
					: [],
			};
	}
}
