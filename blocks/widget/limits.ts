/**
 * Limits from the contracts (`LIMITS` in contracts/src/api.ts), restated here
 * because that module also builds the zod schemas, which must not enter the
 * widget's bundle. limits.test.ts keeps them equal.
 */
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_PAGE_URL_LENGTH = 2048;
export const MAX_PAGE_TITLE_LENGTH = 300;
/** The bridge's default UPLOAD_MAX_BYTES (it checks again, by content). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
