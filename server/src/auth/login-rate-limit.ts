// Sign-in attempts are limited per client address and account name: a password cannot be guessed
// at speed, and one person's typos do not lock out a whole office behind one address. The window
// lives in this instance's memory (several instances each allow the limit).
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

export function loginRateLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: LOGIN_ATTEMPTS_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
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
