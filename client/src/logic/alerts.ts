// What the alerts screens compute from a list of alerts: the filters of the feed and the count
// of active alerts per agency shown in the ranking. Pure, so it is tested without a browser.
import type { LiveAlert } from '@kpi/shared/live';

export interface AlertFilter {
  level: '' | LiveAlert['level'];
  agency: string;
  pillar: string;
  state: '' | LiveAlert['state'];
}

export const emptyFilter = (): AlertFilter => ({ level: '', agency: '', pillar: '', state: '' });

/** Alerts matching every set filter; `pillarOf` maps an indicator code to its pillar. */
export function filterAlerts<A extends LiveAlert>(
  alerts: readonly A[],
  filter: AlertFilter,
  pillarOf: (indicator: string) => string | undefined,
): A[] {
  return alerts.filter(
    (a) =>
      (!filter.level || a.level === filter.level) &&
      (!filter.agency || a.agency === filter.agency) &&
      (!filter.state || a.state === filter.state) &&
      (!filter.pillar || pillarOf(a.indicator) === filter.pillar),
  );
}

/** Active (open or acknowledged, not yet resolved) alerts per agency code. */
export function activeCountByAgency(alerts: readonly LiveAlert[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of alerts) if (a.state !== 'resolved') counts[a.agency] = (counts[a.agency] ?? 0) + 1;
  return counts;
}

/** The feed's order: off-track before at-risk, unacknowledged first, newest first. */
export function sortAlerts<A extends LiveAlert>(alerts: readonly A[]): A[] {
  const rank = (a: LiveAlert) =>
    (a.state === 'resolved' ? 4 : 0) + (a.state === 'acknowledged' ? 2 : 0) + (a.level === 'off_track' ? 0 : 1);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || b.openedAt.localeCompare(a.openedAt) || b.id - a.id);
}
