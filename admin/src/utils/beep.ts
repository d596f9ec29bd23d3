/**
 * A short, soft two-tone beep made with WebAudio (no sound file to ship). Browsers only
 * allow audio after the page had a user gesture; before that it fails silently.
 */
type AudioCtor = typeof AudioContext;

let context: AudioContext | null = null;

export function beep(): void {
	const Ctor: AudioCtor | undefined =
		typeof window !== 'undefined'
			? ( window.AudioContext ??
				( window as unknown as { webkitAudioContext?: AudioCtor } )
					.webkitAudioContext )
			: undefined;
	if ( ! Ctor ) {
		return;
	}
	try {
		context ??= new Ctor();
		const ctx = context;
		if ( ctx.state === 'suspended' ) {
			ctx.resume().catch( () => undefined );
		}
		const now = ctx.currentTime;
		const gain = ctx.createGain();
		gain.connect( ctx.destination );
		gain.gain.setValueAtTime( 0.0001, now );
		gain.gain.exponentialRampToValueAtTime( 0.15, now + 0.02 );
		gain.gain.exponentialRampToValueAtTime( 0.0001, now + 0.3 );
		[ 880, 1320 ].forEach( ( freq, i ) => {
			const osc = ctx.createOscillator();
			osc.type = 'sine';
			osc.frequency.setValueAtTime( freq, now + i * 0.12 );
			osc.connect( gain );
			osc.start( now + i * 0.12 );
			osc.stop( now + i * 0.12 + 0.16 );
		} );
	} catch {
		// No audio device, or autoplay refused: a missing beep is no error.
	}
}
