/**
 * The demo's flow (id `demo`, seeded by `sites:create --demo-flow`): bilingual French/English texts side by
 * side, so it reads well on either kind of site until the owner edits it.
 */
import { DEFAULT_FLOW_ID, type Flow } from './flow';

const backToMenu = {
	id: 'back-to-menu',
	type: 'goto',
	sequence: 'menu',
} as const;

export const DEMO_FLOW: Flow = {
	id: DEFAULT_FLOW_ID,
	name: 'Démo / Demo',
	mode: 'bot',
	startSequence: 'welcome',
	allowedLinkDomains: [],
	sequences: [
		{
			id: 'welcome',
			name: 'Accueil / Welcome',
			steps: [
				{ id: 'hello', type: 'text', text: 'Bonjour ! 👋 / Hello! 👋' },
				{
					id: 'ask-first-name',
					type: 'question',
					text: 'Quel est votre prénom ? / What is your first name?',
					variable: 'PRENOM',
					answerType: 'text',
					invalidText:
						'Pouvez-vous écrire votre prénom ? / Could you type your first name?',
				},
				{
					id: 'ask-company',
					type: 'question',
					text: 'Et votre société ? / And your company?',
					variable: 'SOCIETE',
					answerType: 'text',
					invalidText: '',
				},
				{
					id: 'thanks',
					type: 'text',
					text: 'Merci {{PRENOM}} ! / Thanks {{PRENOM}}!',
				},
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
					text: 'Comment puis-je vous aider ? / How can I help you?',
					buttons: [
						{
							id: 'hours',
							label: "Horaires d'ouverture / Opening hours",
							action: { type: 'goto', sequence: 'faq-hours' },
						},
						{
							id: 'delivery',
							label: 'Livraison et tarifs / Delivery and pricing',
							action: { type: 'goto', sequence: 'faq-delivery' },
						},
						{
							id: 'human',
							label: 'Parler à un humain / Talk to a human',
							action: { type: 'goto', sequence: 'human' },
						},
					],
				},
			],
		},
		{
			id: 'faq-hours',
			name: 'FAQ : horaires / FAQ: hours',
			steps: [
				{
					id: 'answer',
					type: 'text',
					text: 'Nous sommes ouverts du lundi au vendredi, de 9 h à 18 h. / We are open Monday to Friday, 9 am to 6 pm.',
				},
				backToMenu,
			],
		},
		{
			id: 'faq-delivery',
			name: 'FAQ : livraison / FAQ: delivery',
			steps: [
				{
					id: 'answer',
					type: 'text',
					text: 'Livraison offerte dès 50 €, sous 2 à 4 jours ouvrés. / Free delivery from €50, within 2 to 4 working days.',
				},
				backToMenu,
			],
		},
		{
			id: 'human',
			name: 'Conseiller / Advisor',
			steps: [
				{
					id: 'note',
					type: 'note',
					text: '{{PRENOM}} de {{SOCIETE}} demande un humain / {{PRENOM}} from {{SOCIETE}} asks for a human',
				},
				{
					id: 'transfer',
					type: 'transfer',
					assign: 'round_robin',
					advisorId: null,
					waitingText:
						'Je vous mets en relation avec un conseiller, un instant… / Connecting you with an advisor, one moment…',
					fallback: {
						text: "Aucun conseiller n'est disponible pour le moment. Laissez-nous votre e-mail, nous vous répondrons. / No advisor is available right now. Leave your email and we will get back to you.",
						askEmail: true,
						emailVariable: 'EMAIL',
						thanksText:
							'Merci, nous vous répondrons à {{EMAIL}}. / Thank you, we will reply to {{EMAIL}}.',
					},
					backToBot: {
						label: 'Retour au chatbot / Back to chatbot',
						sequence: 'menu',
					},
				},
			],
		},
	],
};
