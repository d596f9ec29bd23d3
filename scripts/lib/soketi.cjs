/**
 * How soketi is run here, in one place for the bench (scripts/bench/soketi.mjs) and the tests
 * (bridge-server/src/test-utils/soketi.ts): a scratch install in .cache/bench/soketi (never a
 * project dependency: AGPL-3.0, its own process), one app, everything bound to loopback.
 * CommonJS so that both ES modules and jest's TypeScript can load it.
 */
const path = require( 'node:path' );

/**
 * The scratch install's folder and soketi's entry point.
 * @param {string} root The repository's root folder.
 * @return {{dir: string, bin: string}} The paths.
 */
function soketiPaths( root ) {
	const dir = path.join( root, '.cache/bench/soketi' );
	return {
		dir,
		bin: path.join( dir, 'node_modules/@soketi/soketi/bin/server.js' ),
	};
}

/**
 * soketi's environment: the ports it takes (WebSocket and HTTP API, metrics, UDP node
 * discovery), all on 127.0.0.1, and one app with the bridges' id, key and secret.
 * @param {Object} ports
 * @param {number} ports.port        WebSocket and HTTP API.
 * @param {number} ports.metricsPort Metrics server.
 * @param {number} ports.clusterPort UDP node discovery.
 * @param {Object} ports.app         REALTIME_APP_ID, REALTIME_KEY, REALTIME_SECRET.
 * @return {Object} The environment.
 */
function soketiEnv( { port, metricsPort, clusterPort, app } ) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		SOKETI_HOST: '127.0.0.1',
		SOKETI_PORT: String( port ),
		SOKETI_METRICS_HOST: '127.0.0.1',
		SOKETI_METRICS_SERVER_PORT: String( metricsPort ),
		SOKETI_METRICS_ENABLED: 'false',
		// Its node discovery (UDP) stays on loopback, on a port of its own.
		SOKETI_CLUSTER_HOST: '127.0.0.1',
		SOKETI_CLUSTER_PORT: String( clusterPort ),
		SOKETI_CLUSTER_BROADCAST_ADDRESS: '127.0.0.1',
		SOKETI_ADAPTER_DRIVER: 'local',
		SOKETI_DEFAULT_APP_ID: app.REALTIME_APP_ID,
		SOKETI_DEFAULT_APP_KEY: app.REALTIME_KEY,
		SOKETI_DEFAULT_APP_SECRET: app.REALTIME_SECRET,
		SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: 'false',
	};
}

module.exports = { soketiPaths, soketiEnv };
