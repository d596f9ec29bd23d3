/**
 * A flow saved to a file (a backup, or to move it to another site) and read back.
 * The file wraps the flow as the bridge returns it in a small envelope, so that a
 * later version can change the format and still recognise older files. An imported
 * flow never replaces one of the site's: it gets an id and a name that are free.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import { validateFlow, type Flow } from '@handoff-chat/contracts';
import { slugify, uniqueId } from './flow-ids';
import { issueMessage } from './flow-issues';
import { describeLocation } from './flow-labels';
import { saveBlob } from './save-file';

export const FLOW_FILE_FORMAT = 'handoff-chat-flow';
export const FLOW_FILE_VERSION = 1;
export const MAX_FLOW_FILE_BYTES = 1024 * 1024;
/** How many of an invalid flow's problems the import error lists. */
const ISSUES_SHOWN = 3;

export interface FlowFile {
	format: typeof FLOW_FILE_FORMAT;
	version: typeof FLOW_FILE_VERSION;
	exportedAt: string;
	flow: Flow;
}

/** What the file picker and the list need to know of each existing flow. */
type Existing = Pick< Flow, 'id' | 'name' >;

export type FlowFileResult =
	| { flow: Flow; error?: never; details?: never }
	/** `details`: the first problems of an invalid flow, readable. */
	| { flow?: never; error: string; details?: string[] };

export function flowFileName( flow: Existing ): string {
	return `${ slugify( flow.name, flow.id ) }.handoff-flow.json`;
}

export function flowFileText( flow: Flow, now = new Date() ): string {
	const file: FlowFile = {
		format: FLOW_FILE_FORMAT,
		version: FLOW_FILE_VERSION,
		exportedAt: now.toISOString(),
		flow,
	};
	return JSON.stringify( file, null, '\t' ) + '\n';
}

/** Why a file of this size is not read at all, or null. */
export function flowFileSizeProblem( size: number ): string | null {
	return size > MAX_FLOW_FILE_BYTES
		? sprintf(
				/* translators: %d: the size limit in megabytes, e.g. 1. */
				__(
					'This file is too large to be a flow (more than %d MB).',
					'handoff-chat'
				),
				MAX_FLOW_FILE_BYTES / ( 1024 * 1024 )
			)
		: null;
}

/** `name`, or “name (imported)”, “name (imported 2)”… whichever no flow has. */
export function importedName( name: string, existing: Existing[] ): string {
	const names = new Set( existing.map( ( f ) => f.name ) );
	if ( ! names.has( name ) ) {
		return name;
	}
	let candidate: string = sprintf(
		/* translators: %s: name of the imported flow, the same as an existing flow's. */
		__( '%s (imported)', 'handoff-chat' ),
		name
	);
	for ( let n = 2; names.has( candidate ); n++ ) {
		candidate = sprintf(
			/* translators: 1: name of the imported flow; 2: a number from 2, to tell copies apart. */
			__( '%1$s (imported %2$d)', 'handoff-chat' ),
			name,
			n
		);
	}
	return candidate;
}

const isRecord = ( v: unknown ): v is Record< string, unknown > =>
	typeof v === 'object' && v !== null && ! Array.isArray( v );
const text = ( v: unknown ): string => ( typeof v === 'string' ? v : '' );
const list = ( v: unknown ): unknown[] => ( Array.isArray( v ) ? v : [] );

/** Only what `describeLocation` reads, taken safely from a flow of any shape. */
function locationView( raw: Record< string, unknown > ): Flow {
	return {
		sequences: list( raw.sequences ).map( ( s ) => ( {
			id: text( isRecord( s ) && s.id ),
			name: text( isRecord( s ) && s.name ),
			steps: list( isRecord( s ) && s.steps ).map( ( st ) => ( {
				type: text( isRecord( st ) && st.type ),
			} ) ),
		} ) ),
	} as unknown as Flow;
}

/**
 * The flow a file holds, ready to create: checked envelope, a free id (the file's
 * own when the site has no flow with it, so widgets naming it keep working), a free
 * name, and `validateFlow` passed. Otherwise a translated reason.
 */
export function readFlowFile(
	content: string,
	existing: Existing[]
): FlowFileResult {
	let parsed: unknown;
	try {
		parsed = JSON.parse( content );
	} catch {
		return {
			error: __(
				'This file is not a flow export: it does not contain JSON.',
				'handoff-chat'
			),
		};
	}
	if ( ! isRecord( parsed ) || parsed.format !== FLOW_FILE_FORMAT ) {
		return {
			error: __(
				'This file is not a Handoff Chat flow export.',
				'handoff-chat'
			),
		};
	}
	if ( parsed.version !== FLOW_FILE_VERSION ) {
		return {
			error: sprintf(
				/* translators: 1: format version of the file; 2: the version this plugin reads. */
				__(
					'This flow export has format version %1$s; this version of Handoff Chat reads version %2$d. Update the plugin, or export the flow again.',
					'handoff-chat'
				),
				String( parsed.version ),
				FLOW_FILE_VERSION
			),
		};
	}
	if ( ! isRecord( parsed.flow ) ) {
		return {
			error: __( 'This flow export contains no flow.', 'handoff-chat' ),
		};
	}
	const raw = parsed.flow;
	const name = importedName(
		text( raw.name ).trim() || __( 'Imported flow', 'handoff-chat' ),
		existing
	);
	const id = uniqueId(
		slugify( text( raw.id ) || name ),
		existing.map( ( f ) => f.id )
	);
	const candidate = { ...raw, id, name };
	const { flow, issues } = validateFlow( candidate );
	if ( flow ) {
		return { flow };
	}
	const view = locationView( candidate );
	const details = issues
		.slice( 0, ISSUES_SHOWN )
		.map(
			( i ) =>
				`${ describeLocation( view, i.path ) } — ${ issueMessage(
					i.message
				) }`
		);
	if ( issues.length > ISSUES_SHOWN ) {
		details.push(
			sprintf(
				/* translators: %d: number of problems not listed. */
				_n(
					'and %d more.',
					'and %d more.',
					issues.length - ISSUES_SHOWN,
					'handoff-chat'
				),
				issues.length - ISSUES_SHOWN
			)
		);
	}
	return {
		error: __(
			'This flow has problems and was not imported:',
			'handoff-chat'
		),
		details,
	};
}

/** Saves `content` as a download named `fileName`. */
export function downloadTextFile(
	fileName: string,
	content: string,
	type = 'application/json'
): void {
	saveBlob( new Blob( [ content ], { type } ), fileName );
}

/** The text of a picked file (FileReader: `Blob.text()` is missing from older browsers and jsdom). */
export function readFileText( file: Blob ): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		const reader = new FileReader();
		reader.onload = () => resolve( String( reader.result ) );
		reader.onerror = () => reject( reader.error );
		reader.readAsText( file );
	} );
}
