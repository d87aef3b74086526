// Owns the life of one server instance: embedded database (when DATABASE_URL is unset), the Nest
// application with its HTTP edge (prefix, security headers, CORS, validation, errors, OpenAPI,
// the built dashboard), and an orderly shutdown. main.ts and the tests both start it from here.
import 'reflect-metadata';
import { ConsoleLogger, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { EmbeddedDatabase } from './database/embedded-database.js';
import { HttpErrorFilter } from './common/http-error.filter.js';
import { createValidationPipe } from './common/validation.js';
import { createClient } from 'redis';
import { loginRateLimit, type RedisCommands } from './auth/login-rate-limit.js';
import { SchedulerService } from './connectors/scheduler.service.js';
import { FollowUpService } from './alerts/follow-up.service.js';
import { StalenessSweep } from './scoring/staleness-sweep.service.js';
import { CatalogChanges } from './scoring/catalog-changes.service.js';
import { RedisIoAdapter } from './live/redis-io.adapter.js';
import { DemoService } from './demo/demo.service.js';

export interface RunningServer {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: AppConfig): ConsoleLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.log.level) + 1);
  return new ConsoleLogger({ json: config.log.format === 'json', logLevels, colors: false });
}

export async function startServer(config: AppConfig): Promise<RunningServer> {
  const logger = createLogger(config);
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    embedded = await EmbeddedDatabase.start(config.database.dataDir);
    databaseUrl = embedded.url;
    logger.log({ msg: 'embedded database started', dataDir: config.database.dataDir }, 'Database');
  }

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
      logger,
      bufferLogs: false,
      abortOnError: false,
    });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // sign-in limits are shared by every instance through Redis when there is one
  const limiterRedis = config.redisUrl ? createClient({ url: config.redisUrl, disableOfflineQueue: true }) : null;
  limiterRedis?.on('error', (error: unknown) =>
    logger.warn({ msg: 'redis (sign-in limits) unavailable', error: String(error) }, 'Auth'),
  );
  await limiterRedis?.connect();
  configureHttp(app, config, limiterRedis ?? undefined);
  let redis: RedisIoAdapter | null = null;
  if (config.redisUrl) {
    redis = new RedisIoAdapter(app, config.redisUrl);
    await redis.connectToRedis();
    app.useWebSocketAdapter(redis);
  }
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`;
  // the demo's pull source is this server itself: its connector needs the address it listens on
  const own = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  await app.get(DemoService).attachSources(`http://${own}:${address.port}`, config.scheduler.enabled);
  await app.get(SchedulerService).start();
  app.get(FollowUpService).start();
  app.get(StalenessSweep).start();
  await app.get(CatalogChanges).listen();

  let closed = false;
  return {
    app,
    url,
    config,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await redis?.disconnect();
      await limiterRedis?.quit().catch(() => undefined);
      await embedded?.stop();
    },
  };
}

function configureHttp(app: NestExpressApplication, config: AppConfig, redis?: RedisCommands): void {
  app.setGlobalPrefix('api');
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // the dashboard connects its socket to the same origin (ws: and wss:)
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    credentials: false,
    exposedHeaders: ['X-Request-Id'],
  });
  app.useBodyParser('json', { limit: '5mb' });
  // the instances sharing a database are one deployment: they share one sign-in limit
  const deployment = config.database.url ? new URL(config.database.url).pathname.slice(1) : 'embedded';
  app.use(['/api/auth/login', '/api/auth/refresh'], loginRateLimit(redis, deployment));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('KPI monitoring and scoring API')
      .setDescription(
        'Indicators, agencies, observations, scores, rankings and alerts for digital-transformation plans. ' +
          'Errors: {statusCode, error, message, fields?: [{field, reason}]}.',
      )
      .setVersion(config.version)
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'ingest-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    useGlobalPrefix: false,
  });

  serveDashboard(app, config.clientDist);
}

/** Serves the built Vue dashboard, with index.html for every client-side route. */
function serveDashboard(app: NestExpressApplication, clientDist: string): void {
  const index = join(clientDist, 'index.html');
  app.use(express.static(clientDist, { index: false, maxAge: '1h', immutable: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/socket.io')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built yet: run `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
