/** Where a flow points at a sequence (start, go to, conditions, buttons, back to chatbot). */
import type { Flow, FlowStep } from '@handoff-chat/contracts';

/** Where a sequence is used, as `FlowIssue`-style paths (e.g. `sequences.0.steps.4.sequence`). */
export function sequenceReferences( flow: Flow, id: string ): string[] {
	const refs: string[] = [];
	if ( flow.startSequence === id ) {
		refs.push( 'startSequence' );
	}
	flow.sequences.forEach( ( s, si ) =>
		s.steps.forEach( ( step, ti ) => {
			const at = `sequences.${ si }.steps.${ ti }`;
			switch ( step.type ) {
				case 'goto':
					if ( step.sequence === id ) {
						refs.push( `${ at }.sequence` );
					}
					break;
				case 'condition':
					if ( step.then === id ) {
						refs.push( `${ at }.then` );
					}
					if ( step.else === id ) {
						refs.push( `${ at }.else` );
					}
					break;
				case 'buttons':
					step.buttons.forEach( ( b, bi ) => {
						if (
							b.action.type === 'goto' &&
							b.action.sequence === id
						) {
							refs.push(
								`${ at }.buttons.${ bi }.action.sequence`
							);
						}
					} );
					break;
				case 'transfer':
					if ( step.backToBot.sequence === id ) {
						refs.push( `${ at }.backToBot.sequence` );
					}
					break;
			}
		} )
	);
	return refs;
}

/** `step` with every reference to sequence `from` pointing at `to` instead (itself when none). */
export function renameReferences(
	step: FlowStep,
	from: string,
	to: string
): FlowStep {
	const r = ( id: string ) => ( id === from ? to : id );
	switch ( step.type ) {
		case 'goto':
			return step.sequence === from ? { ...step, sequence: to } : step;
		case 'condition':
			return step.then === from || step.else === from
				? {
						...step,
						then: r( step.then ),
						...( step.else !== undefined
							? { else: r( step.else ) }
							: {} ),
					}
				: step;
		case 'buttons':
			return step.buttons.some(
				( b ) => b.action.type === 'goto' && b.action.sequence === from
			)
				? {
						...step,
						buttons: step.buttons.map( ( b ) =>
							b.action.type === 'goto' &&
							b.action.sequence === from
								? {
										...b,
										action: { type: 'goto', sequence: to },
									}
								: b
						),
					}
				: step;
		case 'transfer':
			return step.backToBot.sequence === from
				? { ...step, backToBot: { ...step.backToBot, sequence: to } }
				: step;
	}
	return step;
}
