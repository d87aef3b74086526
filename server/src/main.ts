// Entry point of `npm start`: validate configuration, start one instance, print where it serves.
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger, startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const started = Date.now();
  const server = await startServer(config);
  const logger = createLogger(config);
  logger.log(
    { msg: 'listening', url: server.url, database: config.database.kind, startupMs: Date.now() - started },
    'Main',
  );
  process.stdout.write(`\nKPI dashboard: ${server.url}  (API docs: ${server.url}/api/docs)\n\n`);
  const stop = async (signal: string) => {
    logger.log({ msg: 'stopping', signal }, 'Main');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
