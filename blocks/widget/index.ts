/**
 * Editor registration of the widget block. block.json is the single source of truth;
 * the block is dynamic (render.php), so nothing is saved in the post content.
 */
import { registerBlockType, type BlockConfiguration } from '@wordpress/blocks';
import metadata from './block.json';
import Edit, { type WidgetAttributes } from './editor/edit';
import './style.scss';

registerBlockType< WidgetAttributes >(
	metadata as BlockConfiguration< WidgetAttributes >,
	{
		edit: Edit,
		save: () => null,
	}
);
