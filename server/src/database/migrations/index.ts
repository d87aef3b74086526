// Migrations in the order they run. Add new ones at the end; never edit one that has shipped.
export const MIGRATIONS: Function[] = [];
