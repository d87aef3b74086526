import { durationMs, healthOf, lastRunOf, type ConnectorItem } from './connectors';

const base: ConnectorItem = { id: 'c', kind: 'pull', name: 'C', schedule: '* * * * *', enabled: true, lastRun: null };

describe('connector health', () => {
  it('reads the last run in either casing and counts rejected values', () => {
    const snake = lastRunOf({
      ...base,
      lastRun: {
        id: 3,
        status: 'ok',
        started_at: '2026-11-30T10:00:00Z',
        finished_at: '2026-11-30T10:00:02.5Z',
        accepted: 5,
        rejected: 0,
      },
    })!;
    expect(snake).toMatchObject({ id: '3', status: 'ok', accepted: 5, rejected: 0, startedAt: '2026-11-30T10:00:00Z' });
    expect(durationMs(snake)).toBe(2500);
    const camel = lastRunOf({
      ...base,
      lastRun: { id: '4', status: 'partial', startedAt: 'x', finishedAt: null, accepted: 1, rejected: [{}, {}] },
    })!;
    expect(camel).toMatchObject({ rejected: 2, finishedAt: null });
    expect(durationMs(camel)).toBeNull();
    expect(lastRunOf(base)).toBeNull();
    // the server's own measure wins when it sends one
    const measured = lastRunOf({
      ...base,
      lastRun: { id: 5, status: 'ok', started_at: 'x', finished_at: 'y', durationMs: 812 },
    })!;
    expect(durationMs(measured)).toBe(812);
  });

  it('says what needs attention first', () => {
    expect(healthOf(base)).toBe('never');
    expect(healthOf({ ...base, enabled: false })).toBe('disabled');
    const failing = { ...base, lastRun: { id: 1, status: 'failed', accepted: 0, rejected: 0 } };
    expect(healthOf(failing)).toBe('failing');
    expect(healthOf({ ...failing, breaker: { state: 'open', consecutiveFailures: 3, retryAt: null } })).toBe(
      'breaker_open',
    );
    expect(healthOf({ ...base, lastRun: { id: 1, status: 'ok', accepted: 2, rejected: 1 } })).toBe('degraded');
    expect(
      healthOf({
        ...base,
        lastRun: { id: 1, status: 'ok', accepted: 2, rejected: 0 },
        breaker: { state: 'closed', consecutiveFailures: 0, retryAt: null },
      }),
    ).toBe('ok');
  });
});
