<?php
/**
 * A built admin app in a temporary folder, so the admin tests do not depend on
 * `npm run build` having run.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\App_Build;

/** Writes the fixture files, and removes them. */
final class App_Build_Fixture {

	public const URL = 'http://127.0.0.1:8889/fixture/';

	private const FILES = array(
		'index.js'             => 'void 0;',
		'index.css'            => '.handoff-chat-admin{}',
		'index.asset.php'      => "<?php return array( 'dependencies' => array( 'react-jsx-runtime', 'wp-api-fetch', 'wp-components', 'wp-element', 'wp-i18n' ), 'version' => 'fixture1' );",
		'menu-badge.js'        => 'void 0;',
		'menu-badge.asset.php' => "<?php return array( 'dependencies' => array( 'wp-api-fetch', 'wp-dom-ready', 'wp-i18n' ), 'version' => 'badge1' );",
	);

	/**
	 * The folder holding the files, with a trailing slash.
	 *
	 * @var string
	 */
	public readonly string $dir;

	public function __construct() {
		$this->dir = trailingslashit( get_temp_dir() ) . 'handoff-admin-build-' . wp_generate_password( 8, false ) . '/';
		wp_mkdir_p( $this->dir );
		foreach ( self::FILES as $name => $content ) {
			file_put_contents( $this->dir . $name, $content );
		}
	}

	public function build(): App_Build {
		return new App_Build( $this->dir, self::URL );
	}

	/** A build folder with nothing in it: a fresh clone before `npm run build`. */
	public function missing(): App_Build {
		return new App_Build( $this->dir . 'nothing-here/', self::URL );
	}

	public function remove(): void {
		foreach ( array_keys( self::FILES ) as $name ) {
			@unlink( $this->dir . $name ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- may already be gone.
		}
		@rmdir( $this->dir ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- may already be gone.
	}
}
