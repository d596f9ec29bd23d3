/**
 * The client core shared by the widget's chat panel and the admin app (DESIGN.md, "Rules
 * live once"): transport and errors, message merge by seq, outbox with retry by client id,
 * realtime options and reconnect policy, avatar initials, message times. Framework-free and zod-free; never imported by the
 * widget's launcher. Import a module (`@handoff-chat/client-core/transport`) or this index.
 */
export * from './errors';
export * from './transport';
export * from './merge';
export * from './outbox';
export * from './connection';
export * from './initials';
export * from './time-format';
export * from './reconnect';
