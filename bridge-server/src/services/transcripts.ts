/**
 * Transcripts of one conversation for site managers: plain text to read, JSON to keep, CSV
 * for spreadsheets. Notes are included only for an advisor allowed to read them (licence).
 */
import type { Conversation, Message } from '@handoff-chat/contracts';
import type { Db } from '../db';
import type { AdvisorPrincipal } from './advisor-view';
import type { AccessPolicy } from './access';
import { csvLine } from './csv';
import { toMessage } from './mappers';

export const TRANSCRIPT_FORMATS = [ 'text', 'json', 'csv' ] as const;
export type TranscriptFormat = ( typeof TRANSCRIPT_FORMATS )[ number ];

export interface Transcript {
	contentType: string;
	filename: string;
	body: string;
}

const authorLabel = ( m: Message ) =>
	m.author.name ||
	{ visitor: 'Visitor', advisor: 'Advisor', bot: 'Bot', system: 'System' }[
		m.author.type as string
	] ||
	m.author.type;

export class TranscriptsService {
	constructor(
		private readonly db: Db,
		private readonly access: AccessPolicy
	) {}

	async build(
		p: AdvisorPrincipal,
		c: Conversation,
		format: TranscriptFormat
	): Promise< Transcript > {
		await this.access.require( p, 'manage_conversations' );
		const notes = await this.access.can( p, 'premium' );
		const q = this.db( 'messages' )
			.where( { conversation_id: c.id } )
			.orderBy( 'seq' );
		if ( ! notes ) {
			q.whereNot( 'kind', 'note' );
		}
		const messages = ( await q ).map( toMessage );
		const base = `conversation-${ c.id }`;
		if ( format === 'json' ) {
			return {
				contentType: 'application/json; charset=utf-8',
				filename: `${ base }.json`,
				body: JSON.stringify(
					{
						conversation: {
							id: c.id,
							visitorId: c.visitorId,
							state: c.state,
							pageUrl: c.pageUrl,
							pageTitle: c.pageTitle,
							createdAt: c.createdAt,
							updatedAt: c.updatedAt,
						},
						messages: messages.map( ( m ) => ( {
							seq: m.seq,
							kind: m.kind,
							author: m.author,
							text: m.text,
							...( m.meta?.image ? { image: m.meta.image } : {} ),
							createdAt: m.createdAt,
						} ) ),
					},
					null,
					2
				),
			};
		}
		if ( format === 'csv' ) {
			const rows = [
				[ 'seq', 'time', 'author_type', 'author', 'kind', 'text' ],
				...messages.map( ( m ) => [
					String( m.seq ),
					m.createdAt,
					m.author.type,
					authorLabel( m ),
					m.kind,
					m.text,
				] ),
			];
			return {
				contentType: 'text/csv; charset=utf-8',
				filename: `${ base }.csv`,
				body: rows.map( csvLine ).join( '' ),
			};
		}
		const head = [
			`Conversation ${ c.id }`,
			`Started: ${ c.createdAt }`,
			...( c.pageUrl
				? [
						`Page: ${ c.pageTitle ? c.pageTitle + ' — ' : '' }${ c.pageUrl }`,
					]
				: [] ),
			`State: ${ c.state }`,
			'',
		];
		const lines = messages.map( ( m ) => {
			const image = m.meta?.image
				? ` [image: ${ m.meta.image.url }]`
				: '';
			const note = m.kind === 'note' ? ' (private note)' : '';
			return `[${ m.createdAt }] ${ authorLabel( m ) }${ note }: ${ m.text }${ image }`;
		} );
		return {
			contentType: 'text/plain; charset=utf-8',
			filename: `${ base }.txt`,
			body: [ ...head, ...lines ].join( '\n' ) + '\n',
		};
	}
}
