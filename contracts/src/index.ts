export * from './channels';
export * from './types';
export * from './api';
export * from './flow';
export * from './demo-flow';
export * from './flow-engine';
export * from './settings';
export * from './conversation-rules';
