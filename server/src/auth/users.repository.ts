// The only place accounts and refresh tokens touch the database.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from './principal.js';

export interface UserRecord {
  username: string;
  passwordHash: string;
  role: Role;
  agency: string | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function toUser(r: Record<string, unknown>): UserRecord {
  return {
    username: String(r.username),
    passwordHash: String(r.password_hash),
    role: r.role as Role,
    agency: (r.agency_code as string | null) ?? null,
    disabled: Boolean(r.disabled),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(username: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | null> {
    const rows = await manager.query(`SELECT * FROM app_user WHERE username = $1`, [username]);
    return rows.length ? toUser(rows[0]) : null;
  }

  async list(): Promise<UserRecord[]> {
    return (await this.dataSource.query(`SELECT * FROM app_user ORDER BY role, username`)).map(toUser);
  }

  async count(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM app_user`);
    return rows[0].n;
  }

  async insert(manager: EntityManager, u: Omit<UserRecord, 'createdAt' | 'updatedAt' | 'disabled'>): Promise<void> {
    await manager.query(`INSERT INTO app_user (username, password_hash, role, agency_code) VALUES ($1, $2, $3, $4)`, [
      u.username,
      u.passwordHash,
      u.role,
      u.agency,
    ]);
  }

  /** Many accounts in one statement, skipping usernames that exist (the demo accounts). */
  async insertMissing(
    users: { username: string; passwordHash: string; role: Role; agency: string | null }[],
  ): Promise<number> {
    const rows = await this.dataSource.query(
      `INSERT INTO app_user (username, password_hash, role, agency_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (username) DO NOTHING RETURNING username`,
      [
        users.map((u) => u.username),
        users.map((u) => u.passwordHash),
        users.map((u) => u.role),
        users.map((u) => u.agency),
      ],
    );
    return rows.length;
  }

  async update(manager: EntityManager, u: UserRecord): Promise<void> {
    await manager.query(
      `UPDATE app_user SET password_hash = $2, role = $3, agency_code = $4, disabled = $5, updated_at = now() WHERE username = $1`,
      [u.username, u.passwordHash, u.role, u.agency, u.disabled],
    );
  }

  async saveRefreshToken(tokenHash: string, username: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(`INSERT INTO refresh_token (token_hash, username, expires_at) VALUES ($1, $2, $3)`, [
      tokenHash,
      username,
      expiresAt,
    ]);
  }

  /** Revokes the token and returns its owner when it was valid (one use only). */
  async useRefreshToken(tokenHash: string): Promise<string | null> {
    // wrapped in a SELECT: TypeORM hands back UPDATE … RETURNING as [rows, count]
    const rows: { username: string }[] = await this.dataSource.query(
      `WITH used AS (
         UPDATE refresh_token SET revoked_at = now()
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING username
       ) SELECT username FROM used`,
      [tokenHash],
    );
    return rows[0]?.username ?? null;
  }

  async revokeRefreshTokens(manager: EntityManager, username: string): Promise<void> {
    await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL`, [
      username,
    ]);
  }
}
