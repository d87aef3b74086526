import { canDo, canUse, homeFor, navFor } from './access';

describe('access by role', () => {
  it('lands each role on its everyday screen', () => {
    expect(homeFor(null)).toBe('/login');
    expect(homeFor({ role: 'leader' })).toBe('/ranking');
    expect(homeFor({ role: 'agency', agency: 'vinh-tuy-ca' })).toBe('/agency/vinh-tuy-ca');
    expect(homeFor({ role: 'agency' })).toBe('/ranking');
    expect(homeFor({ role: 'operator' })).toBe('/connectors');
    expect(homeFor({ role: 'admin' })).toBe('/users');
  });

  it('shows only the screens a role may use', () => {
    expect(navFor({ role: 'agency', agency: 'a' }).map((s) => s.name)).toEqual(['ranking', 'alerts', 'catalog']);
    expect(navFor({ role: 'leader' }).map((s) => s.name)).toEqual(['ranking', 'matrix', 'alerts', 'catalog', 'wall']);
    expect(canUse({ role: 'agency', agency: 'a' }, 'matrix')).toBe(false);
    expect(navFor({ role: 'operator' }).map((s) => s.name)).toContain('connectors');
    expect(navFor({ role: 'operator' }).map((s) => s.name)).not.toContain('users');
    expect(navFor({ role: 'admin' }).map((s) => s.name)).toContain('users');
    expect(navFor(null)).toEqual([]);
  });

  it('guards screens by role and leaves unlisted ones open', () => {
    expect(canUse({ role: 'leader' }, 'users')).toBe(false);
    expect(canUse({ role: 'agency' }, 'connectors')).toBe(false);
    expect(canUse({ role: 'agency' }, 'wall')).toBe(false);
    expect(canUse({ role: 'operator' }, 'connectors')).toBe(true);
    expect(canUse(null, 'ranking')).toBe(false);
    expect(canUse(null, 'status')).toBe(true);
  });

  it('offers setting an agency its own target to leaders and admins only', () => {
    expect(canDo({ role: 'leader' }, 'setTarget')).toBe(true);
    expect(canDo({ role: 'admin' }, 'setTarget')).toBe(true);
    expect(canDo({ role: 'operator' }, 'setTarget')).toBe(false);
    expect(canDo({ role: 'agency', agency: 'a' }, 'setTarget')).toBe(false);
    expect(canDo(null, 'setTarget')).toBe(false);
  });
});
