/**
 * Editor view: a visible placeholder (the launcher itself only exists on the front
 * end) and the block's settings in the sidebar.
 */
import { __ } from '@wordpress/i18n';
import { InspectorControls, useBlockProps } from '@wordpress/block-editor';
import {
	PanelBody,
	Placeholder,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import type { BlockEditProps } from '@wordpress/blocks';
import { comment } from '@wordpress/icons';
import './editor.scss';

export type WidgetAttributes = {
	mode: 'bot' | 'live';
	title: string;
	position: 'right' | 'left';
};

export default function Edit( {
	attributes,
	setAttributes,
}: BlockEditProps< WidgetAttributes > ) {
	const { mode, title, position } = attributes;
	const blockProps = useBlockProps( { className: 'handoff-chat-editor' } );
	const corner =
		position === 'left'
			? __(
					'A chat launcher will appear at the bottom left corner of this page.',
					'handoff-chat'
				)
			: __(
					'A chat launcher will appear at the bottom right corner of this page.',
					'handoff-chat'
				);

	return (
		<>
			<InspectorControls>
				<PanelBody title={ __( 'Chat settings', 'handoff-chat' ) }>
					<SelectControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={ __( 'Mode', 'handoff-chat' ) }
						value={ mode }
						options={ [
							{
								value: 'live',
								label: __( 'Live chat only', 'handoff-chat' ),
							},
							{
								value: 'bot',
								label: __(
									'Chatbot then human',
									'handoff-chat'
								),
							},
						] }
						onChange={ ( value: string ) =>
							setAttributes( {
								mode: value === 'bot' ? 'bot' : 'live',
							} )
						}
						help={
							mode === 'bot'
								? __(
										'The chatbot answers first and hands over to an advisor when needed.',
										'handoff-chat'
									)
								: __(
										'Every conversation goes straight to your advisors.',
										'handoff-chat'
									)
						}
					/>
					<TextControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={ __( 'Panel title', 'handoff-chat' ) }
						value={ title }
						placeholder={ __( 'Chat with us', 'handoff-chat' ) }
						help={ __(
							'Leave empty to use “Chat with us”.',
							'handoff-chat'
						) }
						onChange={ ( value: string ) =>
							setAttributes( { title: value } )
						}
					/>
					<SelectControl
						__next40pxDefaultSize
						__nextHasNoMarginBottom
						label={ __( 'Position', 'handoff-chat' ) }
						value={ position }
						options={ [
							{
								value: 'right',
								label: __( 'Bottom right', 'handoff-chat' ),
							},
							{
								value: 'left',
								label: __( 'Bottom left', 'handoff-chat' ),
							},
						] }
						onChange={ ( value: string ) =>
							setAttributes( {
								position: value === 'left' ? 'left' : 'right',
							} )
						}
					/>
				</PanelBody>
			</InspectorControls>
			<div { ...blockProps }>
				<Placeholder
					icon={ comment }
					label={ __( 'Handoff Chat', 'handoff-chat' ) }
					instructions={ corner }
				/>
			</div>
		</>
	);
}
