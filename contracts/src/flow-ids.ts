/** Flow ids every side needs; zod-free, so the block editor's bundle can import them. */

/**
 * The id of the site's default flow, run when a widget names none. A new site has none (live
 * chat); the demo seeds DEMO_FLOW under it, the starter flow is saved under it. It cannot be deleted.
 */
export const DEFAULT_FLOW_ID = 'demo';

/**
 * The start route's 409 code when a widget in bot mode names no flow and the site has no
 * default flow (every new site): the widget then offers live chat, which starts with the
 * visitor's first message.
 */
export const NO_DEFAULT_FLOW = 'no_default_flow';
