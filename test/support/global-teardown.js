export default async function globalTeardown() {
  const embedded = globalThis.__KPI_EMBEDDED__;
  if (!embedded) return;
  await embedded.server.stop();
  await embedded.db.close();
}
