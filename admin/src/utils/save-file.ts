/** Saves a blob as a download named `filename`, through a temporary link (for answers fetched with a token). */
export function saveBlob( blob: Blob, filename: string ): void {
	const url = URL.createObjectURL( blob );
	const a = document.createElement( 'a' );
	a.href = url;
	a.download = filename;
	a.style.display = 'none';
	document.body.appendChild( a );
	try {
		a.click();
	} finally {
		a.remove();
		// After the click has started the download: revoking at once can cancel it in some browsers.
		setTimeout( () => URL.revokeObjectURL( url ), 0 );
	}
}
