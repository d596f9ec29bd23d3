/** The conversation rules' words (conversation-rules.ts). */
/** Bridge-side texts: refusals (shown as given) and event lines (clients translate from `meta.event`). */
export const RULE_TEXTS = {
	closedForVisitor: 'This conversation is closed. Start a new one.',
	closedForAdvisor: 'This conversation is closed. Reopen it to reply.',
	closedReopenFirst: 'This conversation is closed. Reopen it first.',
	noBot: 'This conversation has no chatbot: it is live chat only.',
	botNotAnswering: 'The chatbot is not answering in this conversation.',
	staleButtons: 'These buttons are no longer active.',
	unknownButton: ( stepId: string, buttonId: string ) =>
		`buttonId: no button "${ buttonId }" in step "${ stepId }".`,
	advisorsHaveIt: 'The advisors already have this conversation.',
	botAlreadyAnswering: 'The chatbot is already answering.',
	alreadyClosed: 'This conversation is already closed.',
	notClosed:
		'This conversation is not closed: only closed conversations can be reopened.',
	alreadyYours: 'You already have this conversation.',
	noLicence:
		'You have no advisor licence: conversations cannot be assigned to you. Ask a site manager for one in Conversations → Advisors.',
	notAssigned: 'This conversation is not assigned.',
	alreadyAssigned: ( name: string ) =>
		`This conversation is already assigned to ${ name }.`,
	humanRequested: 'Talk to a human',
	backToBot: 'Back to chatbot',
	transferred: 'Transferred to an advisor.',
	closed: ( by: string ) => `Conversation closed by ${ by }.`,
	reopened: ( by: string ) => `Conversation reopened by ${ by }.`,
	assigned: ( to: string ) => `Assigned to ${ to }.`,
	unassigned: ( by: string ) => `Unassigned by ${ by }.`,
} as const;
