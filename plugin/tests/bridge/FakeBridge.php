<?php
/**
 * A bridge answering through the pre_http_request filter: no socket is opened.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

/**
 * Records every request WordPress sends and answers from a map of "METHOD /path" →
 * [status, body] (or a WP_Error, or a callable returning either), then from patterns
 * (match()). Unknown paths get 404.
 */
final class Fake_Bridge {

	/**
	 * What WordPress sent, in order.
	 *
	 * @var list<array{url: string, method: string, path: string, headers: array<string, string>, body: string, timeout: mixed}>
	 */
	public array $requests = array();

	/**
	 * Answers by "METHOD /path" (on()).
	 *
	 * @var array<string, mixed>
	 */
	private array $routes = array();

	/**
	 * Answers by method and regular expression on the path (match()).
	 *
	 * @var list<array{0: string, 1: string, 2: mixed}>
	 */
	private array $patterns = array();

	/**
	 * Its pre_http_request filter, kept to remove it.
	 *
	 * @var \Closure
	 */
	private $filter;

	/**
	 * Starts answering WordPress's HTTP requests.
	 *
	 * @param string $base          The bridge URL it stands for.
	 * @param bool   $own_base_only Leave requests to other addresses to the next filter (one fake per bridge site, on a network).
	 */
	public function __construct( private string $base, private bool $own_base_only = false ) {
		$this->filter = function ( $preempt, $args, $url ) {
			if ( $this->own_base_only && ! str_starts_with( (string) $url, $this->base . '/' ) ) {
				return $preempt;
			}
			return $this->answer( $args, (string) $url );
		};
		add_filter( 'pre_http_request', $this->filter, 10, 3 );
	}

	/** Stops answering. */
	public function remove(): void {
		remove_filter( 'pre_http_request', $this->filter, 10 );
	}

	/**
	 * Answers one method and path.
	 *
	 * @param string                   $method The HTTP method.
	 * @param string                   $path   From the bridge's root, with its query.
	 * @param array|\WP_Error|callable $answer [status, body array|string, optional headers].
	 */
	public function on( string $method, string $path, $answer ): self {
		$this->routes[ strtoupper( $method ) . ' ' . $path ] = $answer;
		return $this;
	}

	/**
	 * Answers every path the expression matches (after the exact routes of on()).
	 *
	 * @param string                   $method  The HTTP method.
	 * @param string                   $pattern A regular expression on the path, e.g. '#^/v1/advisors/\d+$#'.
	 * @param array|\WP_Error|callable $answer  As for on().
	 */
	public function match( string $method, string $pattern, $answer ): self {
		$this->patterns[] = array( strtoupper( $method ), $pattern, $answer );
		return $this;
	}

	/**
	 * Answers GET /v1/sites/<id>/config as a bridge whose realtime server browsers reach at
	 * this address.
	 *
	 * @param string $site_id The site.
	 * @param int    $port    The realtime port browsers are told.
	 * @param string $host    Its host.
	 * @param bool   $tls     Whether browsers use TLS.
	 * @param string $key     The realtime app key.
	 */
	public function site_config( string $site_id, int $port, string $host = '127.0.0.1', bool $tls = false, string $key = 'handoff-chat-key' ): self {
		return $this->on(
			'GET',
			'/v1/sites/' . $site_id . '/config',
			array(
				200,
				array(
					'siteId'   => $site_id,
					'realtime' => array(
						'key'      => $key,
						'wsHost'   => $host,
						'wsPort'   => $port,
						'wssPort'  => $port,
						'forceTLS' => $tls,
						'cluster'  => 'mt1',
					),
				),
			)
		);
	}

	/**
	 * Answers GET /v1/site (the site as the bridge knows it).
	 *
	 * @param string      $site_id The site.
	 * @param string      $name    Its name.
	 * @param string|null $url     Its address.
	 */
	public function site( string $site_id, string $name, ?string $url ): self {
		return $this->on(
			'GET',
			'/v1/site',
			array(
				200,
				array(
					'siteId' => $site_id,
					'name'   => $name,
					'url'    => $url,
				),
			)
		);
	}

	/**
	 * The pre_http_request answer to a request, recorded.
	 *
	 * @param array  $args The request's arguments.
	 * @param string $url  Its URL.
	 * @return array|\WP_Error
	 */
	private function answer( array $args, string $url ) {
		$method           = strtoupper( $args['method'] ?? 'GET' );
		$path             = str_starts_with( $url, $this->base ) ? substr( $url, strlen( $this->base ) ) : $url;
		$this->requests[] = array(
			'url'     => $url,
			'method'  => $method,
			'path'    => $path,
			'headers' => (array) ( $args['headers'] ?? array() ),
			'body'    => (string) ( $args['body'] ?? '' ),
			'timeout' => $args['timeout'] ?? null,
		);

		$answer = $this->routes[ $method . ' ' . $path ] ?? null;
		foreach ( null === $answer ? $this->patterns : array() as list( $pattern_method, $pattern, $pattern_answer ) ) {
			if ( $pattern_method === $method && preg_match( $pattern, $path ) ) {
				$answer = $pattern_answer;
				break;
			}
		}
		$answer ??= array(
			404,
			array(
				'error' => array(
					'code'    => 'not_found',
					'message' => 'Not found.',
				),
			),
		);
		if ( is_callable( $answer ) ) {
			$answer = $answer( end( $this->requests ) );
		}
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		return array(
			// An optional third element: more headers, lower-case names (as WordPress reads them).
			'headers'  => array( 'content-type' => 'application/json' ) + ( $answer[2] ?? array() ),
			'body'     => is_string( $answer[1] ) ? $answer[1] : (string) wp_json_encode( $answer[1] ),
			'response' => array(
				'code'    => $answer[0],
				'message' => get_status_header_desc( $answer[0] ),
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}
}
