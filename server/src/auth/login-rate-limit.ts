// Sign-in attempts are limited per client address and account name: a password cannot be guessed
// at speed, and one person's typos do not lock out a whole office behind one address. With
// REDIS_URL set the window is counted in Redis, so several instances behind a load balancer
// share one limit (otherwise each instance would allow its own ten); without it, in memory.
// If Redis cannot be reached the attempt is refused rather than let through unlimited.
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** What the limiter needs of a Redis client (node-redis's `sendCommand`). */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * `scope` names the deployment whose instances share the count in Redis (the database they share):
 * two deployments, or two test servers on their own databases, never count each other's attempts.
 */
export function loginRateLimit(redis?: RedisCommands, scope = ''): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: LOGIN_ATTEMPTS_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: redis
      ? new RedisStore({
          prefix: `kpi:login-limit:${scope}:`,
          sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<RedisReply>,
        })
      : undefined,
    // runs after the JSON body parser; a refresh has no username and is limited per address
    keyGenerator: (req) => {
      const username = (req.body as { username?: unknown } | undefined)?.username;
      return `${ipKeyGenerator(req.ip ?? '')}|${typeof username === 'string' ? username.toLowerCase() : ''}`;
    },
    handler: (req, res) => {
      res.status(429).json({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `at most ${LOGIN_ATTEMPTS_PER_MINUTE} sign-in attempts a minute; try again shortly`,
        requestId: (req as { id?: string }).id,
      });
    },
  });
}
