/** One error type for the API; the error middleware turns it into `{ error: { code, message } }`. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown,
		readonly retryAfterSeconds?: number
	) {
		super( message );
	}
}

export const badRequest = ( message: string, details?: unknown ) =>
	new ApiError( 400, 'bad_request', message, details );
export const unauthorized = (
	message = 'A valid token is required.',
	code = 'unauthorized'
) => new ApiError( 401, code, message );
export const forbidden = ( message = 'You are not allowed to do this.' ) =>
	new ApiError( 403, 'forbidden', message );
// Absent and "not yours" answer the same, so ids cannot be probed.
export const notFound = ( what = 'Resource' ) =>
	new ApiError( 404, 'not_found', `${ what } not found.` );
export const conflict = ( message: string, code = 'conflict' ) =>
	new ApiError( 409, code, message );
