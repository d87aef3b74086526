// Which screens each role may use (DESIGN §8), in one list that drives the navigation, the
// route guards and where a user lands after signing in. Adding a screen is one entry here and
// one route in router.ts.
export type Role = 'leader' | 'agency' | 'operator' | 'admin';

export interface Screen {
  /** Route name (router.ts) and i18n key `nav.<name>`. */
  name: string;
  path: string;
  roles: readonly Role[];
  /** Shown in the top navigation (the agency page is reached through "my agency" instead). */
  nav: boolean;
}

const ALL: readonly Role[] = ['leader', 'agency', 'operator', 'admin'];

export const SCREENS: readonly Screen[] = [
  { name: 'ranking', path: '/ranking', roles: ALL, nav: true },
  { name: 'matrix', path: '/matrix', roles: ['leader', 'operator', 'admin'], nav: true },
  { name: 'alerts', path: '/alerts', roles: ALL, nav: true },
  { name: 'catalog', path: '/catalog', roles: ALL, nav: true },
  { name: 'connectors', path: '/connectors', roles: ['operator', 'admin'], nav: true },
  { name: 'users', path: '/users', roles: ['admin'], nav: true },
  { name: 'wall', path: '/wall', roles: ['leader', 'operator', 'admin'], nav: true },
  { name: 'agency', path: '/agency/:code', roles: ALL, nav: false },
];

export interface SessionLike {
  role: Role;
  agency?: string | null;
}

/** May this user open the screen? Screens not in the list (status, login) are open to all. */
export function canUse(user: SessionLike | null, screen: string): boolean {
  const entry = SCREENS.find((s) => s.name === screen);
  if (!entry) return true;
  return !!user && entry.roles.includes(user.role);
}

/** The navigation of a user: the screens of its role, in order. */
export function navFor(user: SessionLike | null): Screen[] {
  return SCREENS.filter((s) => s.nav && canUse(user, s.name));
}

/** Where a user lands: each role on the screen it works in every day. */
export function homeFor(user: SessionLike | null): string {
  if (!user) return '/login';
  switch (user.role) {
    case 'agency':
      return user.agency ? `/agency/${user.agency}` : '/ranking';
    case 'operator':
      return '/connectors';
    case 'admin':
      return '/users';
    default:
      return '/ranking';
  }
}

/** Actions beyond reading, by role (the server checks the same; this only hides what would be refused). */
export const ACTIONS = {
  /** an agency's own target for an indicator (PUT …/assignments/:indicator/target) */
  setTarget: ['leader', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export function canDo(user: SessionLike | null, action: keyof typeof ACTIONS): boolean {
  return !!user && (ACTIONS[action] as readonly Role[]).includes(user.role);
}
