/** Sizes the bridge enforces; zod-free so the widget's bundle can import them. */
export const LIMITS = {
	messageText: 4000,
	clientId: 64,
	pageUrl: 2048,
	pageTitle: 300,
	pageSize: 200,
	/** Longest stored variable value (answers are trimmed, then capped). */
	variableValue: 500,
	/** Variables one `PUT …/variables` may change. */
	variablesPerRequest: 50,
	/** Default of the bridge's UPLOAD_MAX_BYTES. */
	uploadBytes: 5 * 1024 * 1024,
	pseudonymTemplate: 200,
	cannedResponses: 200,
	searchQuery: 100,
	/** Shortest search, in characters: the bridge's index matches trigrams. */
	searchQueryMin: 3,
	/** Longest comment a visitor may leave with a rating. */
	ratingComment: 1000,
} as const;
