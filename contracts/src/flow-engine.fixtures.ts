/**
 * Builders and readers shared by the flow engine's tests (flow-engine*.test.ts).
 * Not named *.test.ts, so jest does not run it on its own.
 */
import { flowSchema, type Flow, type FlowInput } from './flow';
import type { EngineOutput, EngineResult } from './flow-engine';

/** A flow from steps, without the save-time checks (the engine must survive bad flows too). */
export const flowOf = (
	sequences: FlowInput[ 'sequences' ],
	start = sequences[ 0 ].id
): Flow =>
	flowSchema.parse( { id: 'f', name: 'F', startSequence: start, sequences } );
export const seq = ( id: string, steps: any[] ) => ( { id, name: id, steps } );

export const texts = ( r: EngineResult ) =>
	r.outputs
		.filter(
			( o ): o is Extract< EngineOutput, { type: 'message' } > =>
				o.type === 'message'
		)
		.map( ( o ) => o.text );
export const ofType = < T extends EngineOutput[ 'type' ] >(
	r: EngineResult,
	type: T
) =>
	r.outputs.filter( ( o ) => o.type === type ) as Array<
		Extract< EngineOutput, { type: T } >
	>;
