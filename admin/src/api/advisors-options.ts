/** Where WordPress's advisor routes are, as the initial state says (read by initial-state.ts too). */
export const ADVISORS_PATH = '/handoff-chat/v1/advisors';
/** The REST maximum: one page of answers is enough for a picker with a search field. */
export const PAGES_PER_PAGE = 100;

export interface AdvisorsApiOptions {
	/** WordPress's advisor routes (the initial state's `advisorsPath`). */
	advisorsPath?: string;
	/** Pages asked of /wp/v2/pages at once (the initial state's `pagesPerPage`). */
	pagesPerPage?: number;
}
