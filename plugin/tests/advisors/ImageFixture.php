<?php
/**
 * Real attachments in the test site's media library.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Advisors;

/**
 * A PNG drawn with GD (large enough for WordPress to make a thumbnail) or a text file,
 * uploaded and attached as the media library does it; remove() deletes them and their files.
 */
final class Image_Fixture {

	/**
	 * Attachments made, deleted by remove().
	 *
	 * @var int[]
	 */
	private array $ids = array();

	/**
	 * An image attachment; its 'thumbnail' size exists.
	 *
	 * @param int $size Width and height in pixels.
	 */
	public function image( int $size = 300 ): int {
		$image = imagecreatetruecolor( $size, $size );
		imagefill( $image, 0, 0, (int) imagecolorallocate( $image, 194, 65, 12 ) );
		ob_start();
		imagepng( $image );
		$png = (string) ob_get_clean();
		return $this->attach( 'avatar-' . wp_generate_password( 6, false ) . '.png', $png, 'image/png' );
	}

	/** An attachment that is not an image. */
	public function text(): int {
		return $this->attach( 'notes-' . wp_generate_password( 6, false ) . '.txt', 'Not a picture.', 'text/plain' );
	}

	public function remove(): void {
		foreach ( $this->ids as $id ) {
			wp_delete_attachment( $id, true );
		}
		$this->ids = array();
	}

	private function attach( string $name, string $bytes, string $mime ): int {
		$upload = wp_upload_bits( $name, null, $bytes );
		if ( ! empty( $upload['error'] ) ) {
			throw new \RuntimeException( 'Upload failed: ' . $upload['error'] );
		}
		$id = wp_insert_attachment(
			array(
				'post_title'     => $name,
				'post_mime_type' => $mime,
				'post_status'    => 'inherit',
			),
			$upload['file'],
			0,
			true
		);
		if ( is_wp_error( $id ) ) {
			throw new \RuntimeException( $id->get_error_message() );
		}
		wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, $upload['file'] ) );
		$this->ids[] = $id;
		return $id;
	}
}
