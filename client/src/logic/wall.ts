// The operations-room wall display rotates through these screens. To add one, add a route under
// /wall in router.ts and its name here.
export const WALL_SCREENS = ['wall-ranking', 'wall-matrix', 'wall-alerts'] as const;

/** Seconds each screen stays up. */
export const WALL_SECONDS = 30;

/** The screen after `current` (the first one when `current` is not in the rotation). */
export function nextWallScreen(current: string | null | undefined, screens: readonly string[] = WALL_SCREENS): string {
  const i = screens.indexOf(current ?? '');
  return screens[(i + 1) % screens.length];
}
