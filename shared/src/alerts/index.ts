// The alert lifecycle (DESIGN §6): pure transitions, acknowledgement, overdue check.
export * from './lifecycle.js';
