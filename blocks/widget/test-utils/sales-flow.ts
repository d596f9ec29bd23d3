/**
 * The bot of the widget's controller and panel tests: a greeting, a menu of quick replies
 * (an answer, an email question, a link), a transfer whose "back to chatbot" says
 * "Retour au robot" and welcomes the visitor back. The fake bridge runs it through the
 * contracts' rules, so what the bot writes and awaits is what a real bridge would.
 */
import type { FlowInput, MessageMeta } from '@handoff-chat/contracts';

const buttons = [
	{
		id: 'hours',
		label: 'Opening hours',
		action: { type: 'goto', sequence: 'hours' },
	},
	{
		id: 'email',
		label: 'Leave my email',
		action: { type: 'goto', sequence: 'ask' },
	},
	{
		id: 'site',
		label: 'Our site',
		action: { type: 'url', url: 'https://example.com/' },
	},
] as const;

export const SALES_FLOW: FlowInput = {
	id: 'sales',
	name: 'Sales',
	startSequence: 'welcome',
	allowedLinkDomains: [ 'example.com' ],
	sequences: [
		{
			id: 'welcome',
			name: 'Welcome',
			steps: [
				{ id: 'hello', type: 'text', text: 'Hello!' },
				{ id: 'to-menu', type: 'goto', sequence: 'menu' },
			],
		},
		{
			id: 'menu',
			name: 'Menu',
			steps: [
				{
					id: 'choices',
					type: 'buttons',
					text: 'How can I help?',
					buttons: [ ...buttons ],
				},
			],
		},
		{
			id: 'hours',
			name: 'Hours',
			steps: [
				{ id: 'answer', type: 'text', text: 'We open at 9.' },
				{
					id: 'more',
					type: 'buttons',
					text: 'Anything else?',
					buttons: [ ...buttons ],
				},
			],
		},
		{
			id: 'ask',
			name: 'Email',
			steps: [
				{
					id: 'ask-email',
					type: 'question',
					text: 'Your email?',
					variable: 'EMAIL',
					answerType: 'email',
				},
				{ id: 'thanks', type: 'text', text: 'Thanks!' },
				{ id: 'to-menu', type: 'goto', sequence: 'menu' },
			],
		},
		{
			id: 'human',
			name: 'Human',
			steps: [
				{
					id: 'transfer',
					type: 'transfer',
					backToBot: { label: 'Retour au robot', sequence: 'back' },
				},
			],
		},
		{
			id: 'back',
			name: 'Back',
			steps: [
				{ id: 'welcome-back', type: 'text', text: 'Welcome back!' },
				{ id: 'to-menu', type: 'goto', sequence: 'menu' },
			],
		},
	],
};

/** What the menu's message carries, as the flow engine writes it. */
export const menuMeta = ( stepId = 'choices' ): MessageMeta => ( {
	stepId,
	buttons: buttons.map( ( b ) => ( {
		id: b.id,
		label: b.label,
		...( b.action.type === 'url' ? { url: b.action.url } : {} ),
	} ) ),
} );

/** The email question's extras. */
export const ASK_EMAIL = { variable: 'EMAIL', answerType: 'email' } as const;
