<?php
/**
 * The function wp_mail() without sending: the pre_wp_mail filter records each email.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Notifications;

/**
 * Records to, subject, message, headers and the locale in force when wp_mail() was
 * called; answers `$result` (false to simulate a mail server that refuses).
 */
final class Mail_Catcher {

	/**
	 * The emails, in order.
	 *
	 * @var list<array{to: mixed, subject: string, message: string, headers: mixed, locale: string}>
	 */
	public array $mails = array();

	/**
	 * What wp_mail() answers: false plays a mail server that refuses.
	 *
	 * @var bool
	 */
	public bool $result = true;

	/**
	 * Its pre_wp_mail filter, kept to remove it.
	 *
	 * @var \Closure
	 */
	private $filter;

	public function __construct() {
		$this->filter = function ( $short_circuit, array $atts ) {
			$this->mails[] = array(
				'to'      => $atts['to'],
				'subject' => $atts['subject'],
				'message' => $atts['message'],
				'headers' => $atts['headers'],
				'locale'  => determine_locale(),
			);
			return $this->result;
		};
		add_filter( 'pre_wp_mail', $this->filter, 10, 2 );
	}

	public function remove(): void {
		remove_filter( 'pre_wp_mail', $this->filter, 10 );
	}

	/**
	 * Who was emailed, in order.
	 *
	 * @return string[]
	 */
	public function recipients(): array {
		$to = array_map( static fn ( array $mail ) => (string) $mail['to'], $this->mails );
		sort( $to );
		return $to;
	}

	public function to( string $email ): ?array {
		foreach ( $this->mails as $mail ) {
			if ( $mail['to'] === $email ) {
				return $mail;
			}
		}
		return null;
	}
}
