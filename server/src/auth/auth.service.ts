// Sign-in: passwords checked against Argon2id hashes, short-lived JWT access tokens, and one-use
// refresh tokens (stored as digests, rotated on every use, revoked when the account changes).
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { dummyHash, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import { UsersRepository, type UserRecord } from './users.repository.js';

export interface Session {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: { username: string; role: string; agency?: string };
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<Session> {
    const user = await this.users.find(username);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok || user.disabled) throw new DomainError('unauthenticated', 'invalid username or password');
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const username = await this.users.useRefreshToken(digest(refreshToken));
    const user = username ? await this.users.find(username) : null;
    if (!user || user.disabled)
      throw new DomainError('unauthenticated', 'refresh token invalid, expired or already used');
    return this.issue(user);
  }

  /** The caller named by a bearer token, or a 401. */
  async verify(accessToken: string): Promise<Principal> {
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; role: Principal['role']; agency?: string }>(accessToken);
      return { username: claims.sub, role: claims.role, agency: claims.agency ?? null };
    } catch {
      throw new DomainError('unauthenticated', 'access token invalid or expired');
    }
  }

  private async issue(user: UserRecord): Promise<Session> {
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: user.username, role: user.role, ...(user.agency ? { agency: user.agency } : {}) },
      { expiresIn },
    );
    const refreshToken = randomBytes(32).toString('base64url');
    await this.users.saveRefreshToken(
      digest(refreshToken),
      user.username,
      new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
    );
    return {
      accessToken,
      expiresIn,
      refreshToken,
      user: { username: user.username, role: user.role, ...(user.agency ? { agency: user.agency } : {}) },
    };
  }
}
