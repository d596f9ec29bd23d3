<?php
/**
 * Where the built admin app lives.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * The folder plugin/build/admin/ as webpack.config.js writes it: one `<entry>.js` and
 * `<entry>.asset.php` per entry (index: the app, menu-badge: the menu count). Shared by
 * the pages and the scripts that use it, so the folder is named once; tests pass a fixture.
 */
final class App_Build {

	/**
	 * Folder of the built app, with a trailing slash.
	 *
	 * @var string
	 */
	private string $dir;

	/**
	 * Its URL, with a trailing slash.
	 *
	 * @var string
	 */
	private string $url;

	/**
	 * The plugin's build, or a fixture's.
	 *
	 * @param string|null $dir Folder of the built app, with a trailing slash.
	 * @param string|null $url Its URL, with a trailing slash.
	 */
	public function __construct( ?string $dir = null, ?string $url = null ) {
		$this->dir = $dir ?? HANDOFF_CHAT_DIR . 'build/admin/';
		$this->url = $url ?? HANDOFF_CHAT_URL . 'build/admin/';
	}

	/**
	 * Whether an entry's script and asset file are there (a fresh clone has neither).
	 *
	 * @param string $entry Entry name (webpack.config.js).
	 */
	public function has( string $entry ): bool {
		return is_readable( $this->dir . $entry . '.asset.php' ) && is_readable( $this->dir . $entry . '.js' );
	}

	/**
	 * What @wordpress/scripts wrote for an entry: its script dependencies and version.
	 *
	 * @param string $entry Entry name (webpack.config.js).
	 * @return array{dependencies?: string[], version?: string}
	 */
	public function asset( string $entry ): array {
		$asset = require $this->dir . $entry . '.asset.php';
		return is_array( $asset ) ? $asset : array();
	}

	/**
	 * Whether a file of the build is there.
	 *
	 * @param string $file Path inside the build folder.
	 */
	public function has_file( string $file ): bool {
		return is_readable( $this->dir . $file );
	}

	/**
	 * The URL of a file of the build.
	 *
	 * @param string $file Path inside the build folder.
	 */
	public function url( string $file ): string {
		return $this->url . $file;
	}
}
