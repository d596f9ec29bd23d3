/** Every migration, in order. A shipped migration is never edited: add a new one. */
import * as createCoreTables from './20261124A-create-core-tables';

export const migrations = [ { name: '20261124A-create-core-tables', ...createCoreTables } ];
