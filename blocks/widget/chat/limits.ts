/** The contracts' limits under the widget's names (contracts/src/limits.ts is zod-free). */
import { LIMITS } from '@handoff-chat/contracts/limits';

export const MAX_MESSAGE_LENGTH = LIMITS.messageText;
export const MAX_PAGE_URL_LENGTH = LIMITS.pageUrl;
export const MAX_PAGE_TITLE_LENGTH = LIMITS.pageTitle;
/** The bridge's default UPLOAD_MAX_BYTES (it checks again, by content). */
export const MAX_UPLOAD_BYTES = LIMITS.uploadBytes;
/** The same limit in whole megabytes, as the panel states it. */
export const MAX_UPLOAD_MB = Math.floor( MAX_UPLOAD_BYTES / 1024 / 1024 );
