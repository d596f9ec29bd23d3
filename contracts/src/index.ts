export * from './channels';
export * from './types';
export * from './api';
export * from './flow';
