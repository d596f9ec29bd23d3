/** Flow ids every side needs; zod-free, so the block editor's bundle can import them. */

/** The id of the flow every site gets, used when a widget names none. It cannot be deleted. */
export const DEFAULT_FLOW_ID = 'demo';
