/** The flow's own settings: name, mode and the sequence conversations start with. */
import { useEffect, useState } from '@wordpress/element';
import { Card, CardBody, CardHeader } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Flow } from '@handoff-chat/contracts';
import { useFlowDispatch, useIssueIndex } from '../../data/flow-editor-context';
import { fieldDomId } from '../../utils/flow-issues';
import { modeLabel } from '../../utils/flow-labels';
import {
	FieldIssues,
	FlowSelectControl,
	FlowTextControl,
	SequenceSelect,
} from '../flow-field';
import './index.scss';

interface Props {
	flow: Pick<
		Flow,
		'id' | 'name' | 'mode' | 'startSequence' | 'allowedLinkDomains'
	>;
}

/** "Example.com, help.example.org" → [ 'example.com', 'help.example.org' ]; validation shows what is wrong. */
export const parseDomains = ( text: string ): string[] =>
	text
		.split( /[\s,]+/ )
		.map( ( d ) => d.trim().toLowerCase() )
		.filter( Boolean );

export default function FlowSettings( { flow }: Props ) {
	const [ domainsText, setDomainsText ] = useState( () =>
		( flow.allowedLinkDomains ?? [] ).join( ', ' )
	);
	useEffect( () => {
		setDomainsText( ( flow.allowedLinkDomains ?? [] ).join( ', ' ) );
		// Only when another flow is loaded: typing must not be reformatted under the cursor.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ flow.id ] );
	const dispatch = useFlowDispatch();
	const issues = useIssueIndex();
	// Issues of the flow as a whole (e.g. no sequence at all).
	const general = [ ...issues.at( '' ), ...issues.at( 'sequences' ) ];
	return (
		<Card
			className="handoff-chat-flow-settings"
			id={ fieldDomId( '' ) }
			tabIndex={ -1 }
		>
			<CardHeader>
				<h2>{ __( 'Settings', 'handoff-chat' ) }</h2>
				<span className="handoff-chat-flow-settings__id">
					{ __( 'ID:', 'handoff-chat' ) } <code>{ flow.id }</code>
				</span>
			</CardHeader>
			<CardBody>
				<FieldIssues path="" messages={ general } />
				<FlowTextControl
					path="name"
					label={ __( 'Name', 'handoff-chat' ) }
					value={ flow.name }
					onChange={ ( name ) =>
						dispatch( { type: 'setName', name } )
					}
				/>
				<div className="handoff-chat-step-form__row">
					<FlowSelectControl
						path="mode"
						label={ __( 'Mode', 'handoff-chat' ) }
						value={ flow.mode }
						options={ ( [ 'bot', 'live' ] as const ).map(
							( m ) => ( {
								value: m,
								label: modeLabel( m ),
							} )
						) }
						onChange={ ( mode ) =>
							dispatch( {
								type: 'setMode',
								mode: mode === 'live' ? 'live' : 'bot',
							} )
						}
						help={
							flow.mode === 'live'
								? __(
										'Conversations wait for an advisor straight away; the sequences below are not used.',
										'handoff-chat'
									)
								: __(
										'The chatbot answers first and hands over to an advisor when the flow says so or the visitor asks.',
										'handoff-chat'
									)
						}
					/>
					<SequenceSelect
						path="startSequence"
						label={ __( 'Start sequence', 'handoff-chat' ) }
						value={ flow.startSequence }
						onChange={ ( sequence ) =>
							dispatch( {
								type: 'setStart',
								sequence: sequence ?? '',
							} )
						}
						help={ __(
							'Where conversations start, unless the widget names another sequence.',
							'handoff-chat'
						) }
					/>
				</div>
				<FlowTextControl
					path="allowedLinkDomains"
					label={ __( 'Allowed link domains', 'handoff-chat' ) }
					value={ domainsText }
					onChange={ ( text ) => {
						// The raw text is kept while typing, so a trailing comma is not swallowed.
						setDomainsText( text );
						dispatch( {
							type: 'setLinkDomains',
							domains: parseDomains( text ),
						} );
					} }
					help={ __(
						'Link buttons may only open these domains (and their subdomains), separated by commas, e.g. example.com, help.example.org. Leave empty to allow no links.',
						'handoff-chat'
					) }
				/>
			</CardBody>
		</Card>
	);
}
