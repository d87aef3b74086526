// The alert lifecycle (DESIGN §6): pure transitions, acknowledgement, overdue check; data reminders.
export * from './lifecycle.js';
export * from './reminders.js';
