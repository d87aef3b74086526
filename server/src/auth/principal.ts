// Who is calling, as the access token says, and the access rules of DESIGN §8 that depend on it.
import { DomainError } from '../common/domain-error.js';

export type Role = 'leader' | 'agency' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['leader', 'agency', 'operator', 'admin'];

export interface Principal {
  username: string;
  role: Role;
  /** The agency an `agency` user belongs to; null for every other role. */
  agency: string | null;
}

/**
 * An agency user reads its own agency in full; everyone else reads every agency. Other agencies'
 * detail is a 403 for agency users (they still see the public ranking table).
 */
export function assertCanReadAgency(principal: Principal, agencyCode: string): void {
  if (principal.role === 'agency' && principal.agency !== agencyCode) {
    throw new DomainError('forbidden', `an account of agency "${principal.agency}" cannot read agency "${agencyCode}"`);
  }
}
