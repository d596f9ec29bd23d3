/**
 * Which flow the Bot flows page shows, kept in the address (`&flow=<id>`) so a reload
 * or a shared link opens the same editor, and the browser's Back button returns to the list.
 */
import { useQueryParam } from './use-query-param';

export const useFlowRoute = () => useQueryParam( 'flow', { push: true } );
