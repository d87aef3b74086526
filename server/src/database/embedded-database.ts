// Owns the embedded PostgreSQL used when DATABASE_URL is unset: PGlite (Postgres compiled to
// WebAssembly) served over the Postgres wire protocol on a loopback port, so the rest of the
// server talks to it through the ordinary `pg` driver exactly as it talks to a real server.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export class EmbeddedDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  /**
   * Starts PGlite on `dataDir` (a folder, created if missing, or `memory://` for a throwaway
   * database) and serves it on 127.0.0.1 at a free port.
   */
  static async start(dataDir: string): Promise<EmbeddedDatabase> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    // One connection: PGlite is single-session; its multiplexer serialises behind open
    // transactions and has upstream bugs with interleaved extended-protocol batches.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    const address = server.getServerConn();
    const port = Number(address.split(':').pop());
    return new EmbeddedDatabase(db, server, `postgres://postgres@127.0.0.1:${port}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
