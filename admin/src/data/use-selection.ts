/**
 * The open conversation, mirrored in the page URL (`&conversation=<id>`) so a reload
 * or a shared link reopens it (replaceState: choosing conversations adds no history).
 */
import { useQueryParam } from './use-query-param';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const useSelection = () =>
	useQueryParam( 'conversation', { pattern: ID } );
