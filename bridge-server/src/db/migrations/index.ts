/** Every migration, in order. A shipped migration is never edited: add a new one. */
import * as createCoreTables from './20261124A-create-core-tables';
import * as addBotFlows from './20261125A-add-bot-flows';

export const migrations = [
	{ name: '20261124A-create-core-tables', ...createCoreTables },
	{ name: '20261125A-add-bot-flows', ...addBotFlows },
];
