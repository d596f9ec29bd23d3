import { LIMITS } from '@handoff-chat/contracts/api';
import {
	MAX_MESSAGE_LENGTH,
	MAX_PAGE_TITLE_LENGTH,
	MAX_PAGE_URL_LENGTH,
	MAX_UPLOAD_BYTES,
} from './limits';

it( 'restates the contracts limits exactly', () => {
	expect( MAX_MESSAGE_LENGTH ).toBe( LIMITS.messageText );
	expect( MAX_PAGE_URL_LENGTH ).toBe( LIMITS.pageUrl );
	expect( MAX_PAGE_TITLE_LENGTH ).toBe( LIMITS.pageTitle );
	expect( MAX_UPLOAD_BYTES ).toBe( LIMITS.uploadBytes );
} );
