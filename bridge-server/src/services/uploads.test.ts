/**
 * The sweep of uploads never attached to a message, on sqlite3 and the disk store:
 * old unattached ones go from the table and the disk; attached or recent ones stay.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { newClientId } from '../test-utils/chat';
import { waitFor } from '../test-utils/harness';
import { png } from '../test-utils/images';
import { setUpBridge } from '../test-utils/set-up-bridge';

const DAY = 24 * 3600_000;
const { h, c } = setUpBridge(
	{},
	{ services: { uploadSweep: { intervalMs: 100 } } }
);

const onDisk = ( id: string ) =>
	existsSync( path.join( h.dataDir, 'uploads', id.slice( 0, 2 ), id ) );
const inTable = async ( id: string ) =>
	Boolean( await h.ctx.db( 'uploads' ).where( { id } ).first() );
const age = ( id: string, ms: number ) =>
	h.ctx
		.db( 'uploads' )
		.where( { id } )
		.update( { created_at: new Date( Date.now() - ms ).toISOString() } );

async function upload( token: string ): Promise< string > {
	const res = await c.upload( token, png( 2, 2 ) );
	expect( res.status ).toBe( 201 );
	return res.body.upload.id;
}

it( 'deletes unattached uploads older than a day, and keeps attached or recent ones', async () => {
	await h.ctx.services.uploads.stop(); // the timer's sweeps would race these counts
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	const [ sent, stale, fresh ] = [
		await upload( v.token ),
		await upload( v.token ),
		await upload( v.token ),
	];
	const msg = await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
		token: v.token,
		body: { clientId: newClientId(), uploadId: sent },
	} );
	expect( msg.status ).toBe( 201 );
	await age( sent, 2 * DAY );
	await age( stale, DAY + 60_000 );
	await age( fresh, DAY - 60_000 );

	expect( await h.ctx.services.uploads.sweep() ).toBe( 1 );
	expect( [ await inTable( stale ), onDisk( stale ) ] ).toEqual( [
		false,
		false,
	] );
	expect( ( await fetch( `${ h.url }/v1/uploads/${ stale }` ) ).status ).toBe(
		404
	);
	for ( const kept of [ sent, fresh ] ) {
		expect( [ await inTable( kept ), onDisk( kept ) ] ).toEqual( [
			true,
			true,
		] );
	}
	expect( ( await fetch( `${ h.url }/v1/uploads/${ sent }` ) ).status ).toBe(
		200
	);

	// A day later the recent one is stale too; a second sweep finds nothing more.
	expect( await h.ctx.services.uploads.sweep( Date.now() + DAY ) ).toBe( 1 );
	expect( onDisk( fresh ) ).toBe( false );
	expect( await h.ctx.services.uploads.sweep( Date.now() + DAY ) ).toBe( 0 );
	expect( await inTable( sent ) ).toBe( true );
} );

it( 'sweeps on a timer', async () => {
	h.ctx.services.uploads.start();
	const v = await c.visitor();
	const old = await upload( v.token );
	await age( old, DAY + 60_000 );
	await waitFor( () => ! onDisk( old ), 3000, 'the timer’s sweep' );
	expect( await inTable( old ) ).toBe( false );
} );
