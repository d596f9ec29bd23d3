/**
 * Puts each `FlowIssue` (from `validateFlow` in the browser or from the bridge's
 * `error.details`) beside the field its `path` names. A path the editor has no field
 * for (e.g. `sequences.2` for a loop, `sequences.0.steps.1.type`) goes to the nearest
 * card that holds it: the step, the sequence, or the flow's settings.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Flow, FlowIssue, FlowStep } from '@handoff-chat/contracts';

/** Paths of the fields the step form shows, relative to the step (`text`, `buttons.0.label`…). */
export function stepFieldPaths( step: FlowStep ): string[] {
	switch ( step.type ) {
		case 'text':
		case 'note':
		case 'end':
			return [ 'text' ];
		case 'image':
			return [ 'url', 'alt' ];
		case 'buttons':
			return [
				'text',
				'buttons',
				...step.buttons.flatMap( ( _, i ) => [
					`buttons.${ i }.label`,
					`buttons.${ i }.action.sequence`,
					`buttons.${ i }.action.url`,
				] ),
			];
		case 'question':
			return [ 'text', 'variable', 'answerType', 'invalidText' ];
		case 'condition':
			return [ 'variable', 'operator', 'value', 'then', 'else' ];
		case 'set_variable':
			return [ 'variable', 'value' ];
		case 'transfer':
			return [
				'assign',
				'advisorId',
				'waitingText',
				'fallback.text',
				'fallback.askEmail',
				'fallback.emailVariable',
				'fallback.thanksText',
				'backToBot.label',
				'backToBot.sequence',
			];
		case 'goto':
			return [ 'sequence' ];
	}
	return [];
}

const FLOW_FIELDS = [ 'name', 'mode', 'startSequence' ];

/** Every path the editor renders a field or a card for. */
export function renderedPaths( flow: Flow ): Set< string > {
	const paths = new Set( [ '', ...FLOW_FIELDS, 'sequences' ] );
	flow.sequences.forEach( ( s, si ) => {
		const sp = `sequences.${ si }`;
		paths.add( sp );
		paths.add( `${ sp }.name` );
		paths.add( `${ sp }.id` );
		s.steps.forEach( ( step, ti ) => {
			const at = `${ sp }.steps.${ ti }`;
			paths.add( at );
			for ( const f of stepFieldPaths( step ) ) {
				paths.add( `${ at }.${ f }` );
			}
		} );
	} );
	return paths;
}

/** The nearest rendered path holding `path` ('' = the flow's settings card). */
export function anchorOf( path: string, rendered: Set< string > ): string {
	const parts = path ? path.split( '.' ) : [];
	while ( parts.length ) {
		const p = parts.join( '.' );
		if ( rendered.has( p ) ) {
			return p;
		}
		parts.pop();
	}
	return '';
}

/** DOM id of a field or card, for labels, aria-describedby and the summary's links. */
export function fieldDomId( path: string ): string {
	return `handoff-chat-flow-${ path ? path.replace( /\./g, '-' ) : 'settings' }`;
}

export interface IssueIndex {
	all: FlowIssue[];
	/** Translated messages shown at a rendered path. */
	at: ( path: string ) => string[];
	/** How many issues sit at or under a path (a sequence's or a step's badge). */
	countUnder: ( path: string ) => number;
	/** Where the summary links to. */
	anchorOf: ( issue: FlowIssue ) => string;
}

export function indexIssues( flow: Flow, issues: FlowIssue[] ): IssueIndex {
	const rendered = renderedPaths( flow );
	const byAnchor = new Map< string, string[] >();
	const anchors = new Map< FlowIssue, string >();
	for ( const issue of issues ) {
		const a = anchorOf( issue.path, rendered );
		anchors.set( issue, a );
		const list = byAnchor.get( a ) ?? [];
		const message = issueMessage( issue.message );
		if ( ! list.includes( message ) ) {
			list.push( message );
		}
		byAnchor.set( a, list );
	}
	return {
		all: issues,
		at: ( path ) => byAnchor.get( path ) ?? [],
		countUnder: ( path ) =>
			issues.filter( ( i ) => {
				const a = anchors.get( i ) ?? '';
				return a === path || a.startsWith( `${ path }.` );
			} ).length,
		anchorOf: ( issue ) => anchors.get( issue ) ?? '',
	};
}

export const NO_ISSUES: IssueIndex = {
	all: [],
	at: () => [],
	countUnder: () => 0,
	anchorOf: () => '',
};

type Rule = [ RegExp, ( m: RegExpMatchArray ) => string ];

/**
 * The contract's messages are English (the bridge answers with the same ones): the
 * known ones are translated here, anything else is shown as the bridge wrote it.
 */
const RULES: Rule[] = [
	[
		/^must not be empty$/,
		() => __( 'This cannot be empty.', 'handoff-chat' ),
	],
	[
		/^use lower-case letters, digits, - or _$/,
		() =>
			__(
				'Use lower-case letters, digits, - or _ (starting with a letter or digit).',
				'handoff-chat'
			),
	],
	[
		/^variables are UPPER_CASE/,
		() =>
			__(
				'Variable names are in capitals: letters, digits and _, starting with a letter (e.g. FIRST_NAME).',
				'handoff-chat'
			),
	],
	[
		/^WP_ variables are set only by WordPress/,
		() =>
			__(
				'Names starting with WP_ are set only by WordPress for logged-in visitors (WP_NAME, WP_EMAIL…): the bot can read them but not write them. Choose another name.',
				'handoff-chat'
			),
	],
	[
		/^add at least one button$/,
		() => __( 'Add at least one button.', 'handoff-chat' ),
	],
	[
		/^a flow needs at least one sequence$/,
		() => __( 'A flow needs at least one sequence.', 'handoff-chat' ),
	],
	[
		/^this link's domain is not in the flow's allowed link domains$/,
		() =>
			__(
				'This link’s domain is not allowed: add it to “Allowed link domains” in the flow’s settings.',
				'handoff-chat'
			),
	],
	[
		/^a domain such as example\.com$/,
		() => __( 'Enter a domain such as example.com.', 'handoff-chat' ),
	],
	[
		/^choose the advisor to assign$/,
		() => __( 'Choose the advisor to assign.', 'handoff-chat' ),
	],
	[
		/^an http\(s\) URL or a path$/,
		() =>
			__(
				'Enter an address starting with https://, http:// or /.',
				'handoff-chat'
			),
	],
	[
		/^Invalid URL$/,
		() =>
			__(
				'Enter a full address starting with https:// or http://.',
				'handoff-chat'
			),
	],
	[
		/^unknown sequence "(.*)"$/,
		( m ) =>
			sprintf(
				/* translators: %s: id of a sequence that does not exist. */
				__(
					'There is no sequence "%s": choose another one.',
					'handoff-chat'
				),
				m[ 1 ]
			),
	],
	[
		/^duplicate sequence id "(.*)"$/,
		( m ) =>
			sprintf(
				/* translators: %s: a sequence id used twice. */
				__(
					'Another sequence already has the id "%s".',
					'handoff-chat'
				),
				m[ 1 ]
			),
	],
	[
		/^duplicate step id "(.*)"$/,
		( m ) =>
			sprintf(
				/* translators: %s: a step id used twice in a sequence. */
				__(
					'Another step of this sequence already has the id "%s".',
					'handoff-chat'
				),
				m[ 1 ]
			),
	],
	[
		/^loop without any question or button: (.*)$/,
		( m ) =>
			sprintf(
				/* translators: %s: sequence ids joined by arrows, e.g. "a → b → a". */
				__(
					'These sequences lead to each other forever without a question or buttons: %s. Add a step that waits for the visitor.',
					'handoff-chat'
				),
				m[ 1 ]
			),
	],
	[
		/^Too big: expected string to have <=(\d+) characters$/,
		( m ) =>
			sprintf(
				/* translators: %d: maximum number of characters. */
				_n(
					'Too long: at most %d character.',
					'Too long: at most %d characters.',
					Number( m[ 1 ] ),
					'handoff-chat'
				),
				Number( m[ 1 ] )
			),
	],
	[
		/^Too big: expected array to have <=(\d+) items$/,
		( m ) =>
			sprintf(
				/* translators: %d: maximum number of items (buttons, steps or sequences). */
				_n(
					'Too many: at most %d.',
					'Too many: at most %d.',
					Number( m[ 1 ] ),
					'handoff-chat'
				),
				Number( m[ 1 ] )
			),
	],
	[
		/^must be "(.*)", as in the URL$/,
		( m ) =>
			sprintf(
				/* translators: %s: the flow id the bridge expected. */
				__( 'The id must stay "%s".', 'handoff-chat' ),
				m[ 1 ]
			),
	],
	[
		/^Invalid (option|discriminator value|input)/,
		() => __( 'Choose one of the options offered.', 'handoff-chat' ),
	],
];

export function issueMessage( message: string ): string {
	for ( const [ re, text ] of RULES ) {
		const m = message.match( re );
		if ( m ) {
			return text( m );
		}
	}
	return message;
}
