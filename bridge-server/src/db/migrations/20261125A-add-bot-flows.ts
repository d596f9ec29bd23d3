import type { Knex } from 'knex';

// sqlite3 drops a column by rebuilding the table; inside knex's migration transaction
// foreign keys stay on and dropping the old `conversations` would cascade into messages.
// So this migration manages its own transaction, and `down` lets knex switch them off.
export const config = { transaction: false };

export async function up( db: Knex ): Promise< void > {
	await db.transaction( ( knex ) => upIn( knex ) );
}

async function upIn( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'flows', ( t ) => {
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'id', 48 ).notNullable();
		// name and mode are copies of the definition's, so lists need not parse it.
		t.string( 'name', 120 ).notNullable();
		t.string( 'mode', 16 ).notNullable();
		t.text( 'definition' ).notNullable();
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
		t.primary( [ 'site_id', 'id' ] );
	} );

	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.string( 'flow_id', 48 ).nullable();
		// The engine's position (services/flow-engine.ts FlowState), JSON.
		t.text( 'flow_state' ).nullable();
		t.string( 'back_to_bot_sequence', 48 ).nullable();
		t.string( 'back_to_bot_label', 80 ).nullable();
		// Unread = the last human message is the visitor's and past what the advisor read;
		// bot replies after it do not count (services/inbox.ts).
		t.integer( 'last_visitor_seq' ).notNullable().defaultTo( 0 );
		t.integer( 'last_advisor_seq' ).notNullable().defaultTo( 0 );
	} );
	for ( const [ column, author ] of [
		[ 'last_visitor_seq', 'visitor' ],
		[ 'last_advisor_seq', 'advisor' ],
	] ) {
		await knex( 'conversations' ).update( {
			[ column ]: knex.raw( 'COALESCE((?), 0)', [
				knex( 'messages' )
					.max( 'seq' )
					.where(
						'messages.conversation_id',
						knex.ref( 'conversations.id' )
					)
					.andWhere( 'messages.author_type', author )
					.andWhereNot( 'messages.kind', 'note' ),
			] ),
		} );
	}

	await knex.schema.alterTable( 'messages', ( t ) => {
		t.text( 'meta' ).nullable();
	} );

	// Variables belong to the visitor: a returning visitor keeps them across conversations.
	await knex.schema.createTable( 'visitor_variables', ( t ) => {
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'visitor_id', 64 )
			.notNullable()
			.references( 'visitors.id' )
			.onDelete( 'CASCADE' );
		t.string( 'name', 32 ).notNullable();
		t.text( 'value' ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
		t.primary( [ 'site_id', 'visitor_id', 'name' ] );
	} );

	// Round-robin position per site: the advisor who got the last transfer.
	await knex.schema.createTable( 'round_robin_cursors', ( t ) => {
		t.string( 'site_id', 40 )
			.primary()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'last_advisor_id', 64 ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
	} );

	// Sites created before flows existed get the demo flow as it was when this migration shipped.
	const now = new Date().toISOString();
	const sites: Array< { id: string } > = await knex( 'sites' ).select( 'id' );
	for ( const s of sites ) {
		await knex( 'flows' ).insert( {
			site_id: s.id,
			id: FROZEN_DEMO_FLOW.id,
			name: FROZEN_DEMO_FLOW.name,
			mode: FROZEN_DEMO_FLOW.mode,
			definition: JSON.stringify( FROZEN_DEMO_FLOW ),
			created_at: now,
			updated_at: now,
		} );
	}
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'round_robin_cursors' );
	await knex.schema.dropTableIfExists( 'visitor_variables' );
	await knex.schema.alterTable( 'messages', ( t ) => {
		t.dropColumn( 'meta' );
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropColumns(
			'flow_id',
			'flow_state',
			'back_to_bot_sequence',
			'back_to_bot_label',
			'last_visitor_seq',
			'last_advisor_seq'
		);
	} );
	await knex.schema.dropTableIfExists( 'flows' );
}

/**
 * The demo flow exactly as this migration first wrote it (contracts/src/demo-flow.ts at
 * commit 6648e83). A shipped migration never imports live code: what it writes must not
 * change when the demo flow is edited later.
 */
const FROZEN_DEMO_FLOW = {
	id: 'demo',
	name: 'Démo / Demo',
	mode: 'bot',
	startSequence: 'welcome',
	sequences: [
		{
			id: 'welcome',
			name: 'Accueil / Welcome',
			steps: [
				{
					id: 'hello',
					type: 'text',
					text: 'Bonjour ! 👋 / Hello! 👋',
				},
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
				{
					id: 'to-menu',
					type: 'goto',
					sequence: 'menu',
				},
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
							action: {
								type: 'goto',
								sequence: 'faq-hours',
							},
						},
						{
							id: 'delivery',
							label: 'Livraison et tarifs / Delivery and pricing',
							action: {
								type: 'goto',
								sequence: 'faq-delivery',
							},
						},
						{
							id: 'human',
							label: 'Parler à un humain / Talk to a human',
							action: {
								type: 'goto',
								sequence: 'human',
							},
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
				{
					id: 'back-to-menu',
					type: 'goto',
					sequence: 'menu',
				},
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
				{
					id: 'back-to-menu',
					type: 'goto',
					sequence: 'menu',
				},
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
} as const;
