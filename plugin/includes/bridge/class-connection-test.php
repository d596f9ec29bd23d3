<?php
/**
 * Conversations → Settings → Test connection: what is asked of the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Bridge;

use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Three reads, each of which only runs if the one before passed, so the first failure
 * names what to fix: the bridge URL, then the site id, then the site secret.
 */
final class Connection_Test {

	/**
	 * The checks call the bridge.
	 *
	 * @param Bridge_Client $client The bridge.
	 */
	public function __construct( private readonly Bridge_Client $client = new Bridge_Client() ) {}

	/**
	 * Checks, in order, that the bridge answers, that it knows this site id, and that it
	 * accepts a token signed with this secret.
	 *
	 * @param \WP_User $user Whose token the last check signs.
	 * @return list<array{label: string, ok: bool, detail: string}>
	 */
	public function run( \WP_User $user ): array {
		$site_id = Settings::get_site_id();
		$results = array();

		$health    = $this->client->probe( '/healthz' );
		$results[] = array(
			'label'  => __( 'Bridge reachable', 'handoff-chat' ),
			'ok'     => 200 === $health['status'],
			'detail' => $health['detail'],
		);
		if ( null === $health['status'] ) {
			return $results;
		}

		$config    = $this->client->probe( '/v1/sites/' . rawurlencode( $site_id ) . '/config' );
		$results[] = array(
			'label'  => __( 'Site id known to the bridge', 'handoff-chat' ),
			'ok'     => 200 === $config['status'],
			'detail' => 404 === $config['status'] ? __( 'The bridge has no site with this id.', 'handoff-chat' ) : $config['detail'],
		);
		if ( 200 !== $config['status'] ) {
			return $results;
		}

		// A read with a freshly minted advisor token: 401 here means the secret differs from the bridge's.
		$signed    = ( new Token_Signer( $site_id, Settings::get_site_secret() ) )->sign_advisor_token( $user );
		$inbox     = $this->client->probe( '/v1/inbox?limit=1', array( 'Authorization' => 'Bearer ' . $signed['token'] ) );
		$results[] = array(
			'label'  => __( 'Site secret accepted', 'handoff-chat' ),
			'ok'     => 200 === $inbox['status'],
			'detail' => 401 === $inbox['status'] ? __( 'The bridge rejected a token signed with this secret.', 'handoff-chat' ) : $inbox['detail'],
		);
		return $results;
	}
}
