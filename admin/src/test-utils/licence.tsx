/** Test helper: the real licence state, as InboxScreen provides it. */
import type { ReactNode } from 'react';
import { LicenceContext, useLicenceState } from '../data/use-licence';

export function LicenceProviderForTest( {
	children,
}: {
	children: ReactNode;
} ) {
	return (
		<LicenceContext.Provider value={ useLicenceState() }>
			{ children }
		</LicenceContext.Provider>
	);
}
