// Account administration (admins): create, change role or agency, disable, reset a password.
// Every change is audited with the account before and after (never the password hash), and a
// change revokes the account's refresh tokens so it takes effect at the next refresh.
import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainError } from '../common/domain-error.js';
import { CatalogRepository, CatalogTx } from '../catalog/catalog.repository.js';
import type { EntityManager } from 'typeorm';
import { hashPassword } from './password.js';
import type { Principal, Role } from './principal.js';
import { UsersRepository, type UserRecord } from './users.repository.js';

export function publicUser(u: UserRecord) {
  return {
    username: u.username,
    role: u.role,
    agency: u.agency,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

function auditView(u: UserRecord | null) {
  return u ? { role: u.role, agency: u.agency, disabled: u.disabled } : null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list() {
    return (await this.users.list()).map(publicUser);
  }

  async create(actor: Principal, input: { username: string; password: string; role: Role; agency?: string | null }) {
    const agency = await this.checkAgency(input.role, input.agency ?? null);
    const passwordHash = await hashPassword(input.password);
    return this.users.transaction(async (manager) => {
      if (await this.users.find(input.username, manager)) {
        throw new DomainError('conflict', `user "${input.username}" exists`, [
          { field: 'username', reason: 'already taken' },
        ]);
      }
      await this.users.insert(manager, { username: input.username, passwordHash, role: input.role, agency });
      const created = (await this.users.find(input.username, manager))!;
      await this.audit.record(
        {
          actor: actor.username,
          action: 'user.create',
          subject: input.username,
          before: null,
          after: auditView(created),
        },
        manager,
      );
      return publicUser(created);
    });
  }

  async update(
    actor: Principal,
    username: string,
    change: { role?: Role; agency?: string | null; disabled?: boolean; password?: string },
  ) {
    const passwordHash = change.password ? await hashPassword(change.password) : undefined;
    return this.users.transaction(async (manager) => {
      const before = await this.users.find(username, manager);
      if (!before) throw DomainError.notFound('user', username);
      if (actor.username === username && (change.disabled || (change.role && change.role !== before.role))) {
        throw DomainError.invalid('role', 'admins cannot disable themselves or change their own role');
      }
      const role = change.role ?? before.role;
      const agency = await this.checkAgency(
        role,
        change.agency !== undefined ? change.agency : role === 'agency' ? before.agency : null,
        manager,
      );
      const after: UserRecord = {
        ...before,
        role,
        agency,
        disabled: change.disabled ?? before.disabled,
        passwordHash: passwordHash ?? before.passwordHash,
      };
      await this.users.update(manager, after);
      await this.users.revokeRefreshTokens(manager, username);
      await this.audit.record(
        {
          actor: actor.username,
          action: passwordHash ? 'user.update+password' : 'user.update',
          subject: username,
          before: auditView(before),
          after: auditView(after),
        },
        manager,
      );
      return publicUser((await this.users.find(username, manager))!);
    });
  }

  /** An `agency` account needs a known agency; other roles have none. */
  private async checkAgency(role: Role, agency: string | null, manager?: EntityManager): Promise<string | null> {
    if (role !== 'agency') {
      if (agency) throw DomainError.invalid('agency', `only accounts with role "agency" belong to an agency`);
      return null;
    }
    if (!agency) throw DomainError.invalid('agency', 'required for role "agency"');
    // inside a transaction, read through it: the embedded database has a single connection
    const catalog = manager ? new CatalogTx(manager) : this.catalog.reader();
    if (!(await catalog.findAgency(agency))) throw DomainError.invalid('agency', `unknown agency "${agency}"`);
    return agency;
  }
}
