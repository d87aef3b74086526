// HTTP edge of the demo's simulated DHIS2 (dhis2-source.ts): `GET /api/demo/dhis2/api/dataValueSets`
// with DHIS2's query parameters and basic authentication (user `demo`, DEMO_PASSWORD). It exists
// only while the demo is on (DEMO=1); otherwise the route answers 404 like any unknown one.
import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { Public } from '../common/public.decorator.js';
import { Dhis2SourceService } from './dhis2-source.service.js';

export const DHIS2_DEMO_USER = 'demo';

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
}

function one(field: string, value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) throw DomainError.invalid(field, 'must be given once');
  return value;
}

function same(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

@ApiExcludeController()
@Public()
@Controller('demo/dhis2/api')
export class Dhis2SourceController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly source: Dhis2SourceService,
  ) {}

  @Get(['dataValueSets', 'dataValueSets.json'])
  async dataValueSets(
    @Headers('authorization') authorization: string | undefined,
    @Query() query: Record<string, string | string[] | undefined>,
  ) {
    if (!this.config.demo.enabled) throw new DomainError('not_found', 'Cannot GET /api/demo/dhis2/api/dataValueSets');
    const [scheme, encoded] = (authorization ?? '').split(' ');
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':');
    if (scheme !== 'Basic' || !same(user, DHIS2_DEMO_USER) || !same(rest.join(':'), this.config.demo.password))
      throw new DomainError('unauthenticated', 'DHIS2 demo: basic authentication as "demo" with DEMO_PASSWORD');
    const dataSet = one('dataSet', query.dataSet);
    if (!dataSet) throw DomainError.invalid('dataSet', 'is required');
    const periods = list(query.period);
    const startDate = one('startDate', query.startDate);
    const endDate = one('endDate', query.endDate);
    if (!periods.length && !(startDate && endDate))
      throw DomainError.invalid('period', 'give period, or startDate and endDate');
    for (const [field, date] of [
      ['startDate', startDate],
      ['endDate', endDate],
    ] as const)
      if (date !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))))
        throw DomainError.invalid(field, 'must be a date YYYY-MM-DD');
    const bad = periods.find((p) => !/^\d{6}$/.test(p));
    if (bad !== undefined)
      throw DomainError.invalid('period', `"${bad.slice(0, 20)}" is not a monthly period (YYYYMM)`);
    const orgUnits = list(query.orgUnit);
    if (!orgUnits.length) throw DomainError.invalid('orgUnit', 'is required');
    const children = one('children', query.children);
    return this.source.dataValueSet(
      {
        dataSet,
        periods: periods.length ? periods : null,
        startDate,
        endDate,
        orgUnits,
        children: children === 'true',
      },
      Date.now(),
    );
  }
}
