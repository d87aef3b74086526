import { nextWallScreen, WALL_SCREENS } from './wall';

describe('wall rotation', () => {
  it('cycles through the screens and starts over', () => {
    expect(nextWallScreen('wall-ranking')).toBe('wall-matrix');
    expect(nextWallScreen('wall-matrix')).toBe('wall-alerts');
    expect(nextWallScreen('wall-alerts')).toBe('wall-ranking');
    expect(nextWallScreen(undefined)).toBe(WALL_SCREENS[0]);
    expect(nextWallScreen('b', ['a', 'b', 'c'])).toBe('c');
    expect(nextWallScreen('c', ['a', 'b', 'c'])).toBe('a');
  });
});
