/**
 * A background job: run at start() and then every `intervalMs` on an unref'd timer, one
 * run at a time (a kick during a run asks for one more after it). stop() waits for the
 * run in flight. A failing run goes to `onError`, and the next one comes as planned.
 */
export class Periodic {
	private timer?: NodeJS.Timeout;
	private running: Promise< void > | null = null;
	private again = false;

	constructor(
		private readonly job: () => Promise< unknown >,
		private readonly intervalMs: number,
		private readonly onError: ( err: unknown ) => void
	) {}

	kick(): void {
		if ( this.running ) {
			this.again = true;
			return;
		}
		this.running = this.job()
			.then( () => undefined )
			.catch( this.onError )
			.finally( () => {
				this.running = null;
				if ( this.again ) {
					this.again = false;
					this.kick();
				}
			} );
	}

	start(): void {
		this.timer ??= setInterval( () => this.kick(), this.intervalMs );
		this.timer.unref();
		this.kick();
	}

	async stop(): Promise< void > {
		clearInterval( this.timer );
		this.timer = undefined;
		this.again = false;
		await this.running;
	}
}
