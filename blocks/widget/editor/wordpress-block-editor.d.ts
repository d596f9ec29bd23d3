// Types for the block editor package, which ships none: only what edit.tsx uses.
// (If another part of the project needs more, move this to a shared types folder.)
declare module '@wordpress/block-editor' {
	import type { ComponentType, ReactNode } from 'react';

	export function useBlockProps(
		props?: Record< string, unknown >
	): Record< string, unknown >;
	export const InspectorControls: ComponentType< {
		children?: ReactNode;
		group?: string;
	} >;
}
