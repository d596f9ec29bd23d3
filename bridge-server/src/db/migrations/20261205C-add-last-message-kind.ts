/**
 * The inbox preview says what the last message was instead of standing for it: conversations
 * keep its kind beside the text, so clients render "Image" or "Image: <caption>" in their
 * own language. Rows written before stored a lone "📷" for an image without caption: they
 * become an image with an empty caption.
 */
import type { Knex } from 'knex';

// Like 20261125A: dropping a column in sqlite3 rebuilds `conversations`, which must happen
// with foreign keys off (outside a transaction) or it would cascade into messages.
export const config = { transaction: false };

/** What 20261124A's code stored as the preview of an image without caption. */
const OLD_IMAGE_PREVIEW = '📷';

export async function up( db: Knex ): Promise< void > {
	await db.transaction( async ( knex ) => {
		await knex.schema.alterTable( 'conversations', ( t ) => {
			t.string( 'last_message_kind', 16 ).nullable();
		} );
		await knex( 'conversations' )
			.where( 'last_message_preview', OLD_IMAGE_PREVIEW )
			.update( { last_message_kind: 'image', last_message_preview: '' } );
		// Anything else with a preview was a text (or an image with its caption: told apart
		// from a text only by the messages, and a caption reads well as it is).
		await knex( 'conversations' )
			.whereNull( 'last_message_kind' )
			.whereNotNull( 'last_message_preview' )
			.update( { last_message_kind: 'text' } );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex( 'conversations' )
		.where( { last_message_kind: 'image', last_message_preview: '' } )
		.update( { last_message_preview: OLD_IMAGE_PREVIEW } );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropColumn( 'last_message_kind' );
	} );
}
