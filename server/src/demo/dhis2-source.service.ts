// Reads what the simulated DHIS2 serves from the catalog: plan 139's assignments as series, and
// each agency's place in the organisation-unit tree (itself, then its ancestors).
import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { toScoringIndicator } from '../scoring/scoring.service.js';
import { DomainError } from '../common/domain-error.js';
import type { SimulatedSeries } from '../connectors/simulator.js';
import { DHIS2_DEMO_PLAN, dataValues, dhis2Uid, type Dhis2Query } from './dhis2-source.js';

@Injectable()
export class Dhis2SourceService {
  constructor(private readonly catalog: CatalogRepository) {}

  async dataValueSet(query: Dhis2Query, nowMs: number) {
    if (query.dataSet !== dhis2Uid('dataSet', DHIS2_DEMO_PLAN))
      throw DomainError.invalid('dataSet', `unknown data set "${query.dataSet.slice(0, 20)}"`);
    const { series, agencyUnits } = await this.load();
    return { dataValues: dataValues(series, query, agencyUnits, nowMs) };
  }

  /** The code maps a connector needs to read this source: org unit → agency, data element → indicator. */
  async codeMap(): Promise<{ agency: Record<string, string>; indicator: Record<string, string> }> {
    const { series } = await this.load();
    return {
      agency: Object.fromEntries(series.map((s) => [dhis2Uid('orgUnit', s.agency), s.agency])),
      indicator: Object.fromEntries(series.map((s) => [dhis2Uid('dataElement', s.indicator), s.indicator])),
    };
  }

  private async load(): Promise<{ series: SimulatedSeries[]; agencyUnits: Map<string, string[]> }> {
    const reader = this.catalog.reader();
    const indicators = new Map(
      (await reader.findIndicators({ planCode: DHIS2_DEMO_PLAN })).map((i) => [i.code, toScoringIndicator(i)]),
    );
    const series = (await reader.activeAssignments([DHIS2_DEMO_PLAN]))
      .filter((a) => indicators.has(a.indicator))
      .map((a) => ({ agency: a.agency, indicator: a.indicator, scoring: indicators.get(a.indicator)! }));
    const parents = new Map((await reader.findAgencies()).map((a) => [a.code, a.parentCode]));
    const agencyUnits = new Map<string, string[]>();
    for (const agency of new Set(series.map((s) => s.agency))) {
      const units: string[] = [];
      const seen = new Set<string>();
      for (let code: string | null | undefined = agency; code && !seen.has(code); code = parents.get(code)) {
        seen.add(code);
        units.push(dhis2Uid('orgUnit', code));
      }
      agencyUnits.set(agency, units);
    }
    return { series, agencyUnits };
  }
}
