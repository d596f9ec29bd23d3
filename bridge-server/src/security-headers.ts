/**
 * Security headers on every bridge response, through helmet. The bridge answers JSON to
 * the widget and the inbox on other origins (CORS, app.ts) and serves uploaded images
 * that those pages embed with `<img>`: nothing it sends is a page to run, load or frame.
 *
 * Cross-Origin-Resource-Policy governs only no-cors loads (an `<img>`, a `<script>`), never
 * the CORS calls of the widget and the inbox: `same-origin` here keeps any other page from
 * embedding an API answer, and the uploads route (routes/uploads.ts) answers
 * `cross-origin`, so its images still load on the site's pages.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const securityHeaders = (): RequestHandler =>
	helmet( {
		contentSecurityPolicy: {
			useDefaults: false,
			directives: {
				defaultSrc: [ "'none'" ],
				frameAncestors: [ "'none'" ],
			},
		},
		crossOriginResourcePolicy: { policy: 'same-origin' },
		xFrameOptions: { action: 'deny' },
		// Helmet's defaults for the rest: HSTS (browsers honour it over HTTPS only), nosniff,
		// Referrer-Policy no-referrer, COOP same-origin, X-Permitted-Cross-Domain-Policies none…
	} ) as unknown as RequestHandler;
