// The pure parts of the pull connectors: paths, mapping and rejections, CSV, DHIS2 periods,
// backoff and Retry-After, config validation and secret masking.
import { getPath, mapRecords, parsePath, toNumber, toTime } from './mapping.js';
import { csvRecords, parseCsv } from './csv.js';
import { dhis2PeriodEnd, dhis2Time, resolveCombos } from './dhis2.js';
import { backoffDelay, checkStatus, parseRetryAfter, TransientError, withRetry } from './resilience.js';
import { keepSecrets, MASK, maskConfig, validateConfig } from './config.js';

describe('paths', () => {
  it('reads dotted, indexed and quoted paths', () => {
    const data = { data: { items: [{ v: 1 }, { 'a b': 2 }] } };
    expect(parsePath('$.data.items[1]')).toEqual(['data', 'items', 1]);
    expect(getPath(data, '$.data.items[0].v')).toBe(1);
    expect(getPath(data, "data.items[1]['a b']")).toBe(2);
    expect(getPath(data, 'data.missing.deeper')).toBeUndefined();
    expect(getPath(data, '$')).toBe(data);
    expect(() => parsePath('data..x')).toThrow(/malformed path/);
  });
});

describe('values and times', () => {
  it('takes numbers and numeric strings, never a blank as 0', () => {
    expect(toNumber(0)).toEqual({ value: 0 });
    expect(toNumber(' 93.5 ')).toEqual({ value: 93.5 });
    expect(toNumber('1e2')).toEqual({ value: 100 });
    expect(toNumber('')).toEqual({ reason: 'missing (blank)' });
    expect(toNumber(null)).toEqual({ reason: 'missing' });
    expect(toNumber('12abc')).toEqual({ reason: 'not a number: "12abc"' });
    expect(toNumber(true)).toEqual({ reason: 'not a number: boolean' });
    expect(toNumber(Number.NaN)).toHaveProperty('reason');
  });
  it('passes ISO strings and converts epochs', () => {
    expect(toTime('2026-11-01')).toEqual({ at: '2026-11-01' });
    expect(toTime(Date.UTC(2026, 10, 1))).toEqual({ at: '2026-11-01T00:00:00.000Z' });
    expect(toTime(Date.UTC(2026, 10, 1) / 1000, 'epoch-s')).toEqual({ at: '2026-11-01T00:00:00.000Z' });
    expect(toTime(new Date(Date.UTC(2026, 0, 2)))).toEqual({ at: '2026-01-02T00:00:00.000Z' });
    expect(toTime(undefined)).toEqual({ reason: 'missing' });
    expect(toTime({})).toHaveProperty('reason');
  });
});

describe('mapRecords', () => {
  const config = {
    fields: { agency: 'org.code', indicator: 'kpi', at: 'period', value: 'val' },
    codeMap: { indicator: { DVC1: 'p/1' } },
  };
  it('maps good records and names the field and reason of bad ones, by source index', () => {
    const out = mapRecords(
      [
        { org: { code: 'a1' }, kpi: 'DVC1', period: '2026-11-01', val: '95.5' },
        { org: { code: 'a1' }, kpi: 'NOPE', period: '2026-11-01', val: 1 },
        { org: {}, kpi: 'DVC1', period: '2026-11-01', val: 1 },
        { org: { code: 'a2' }, kpi: 'DVC1', period: '2026-11-01', val: 'n/a' },
        'not an object',
        { org: { code: 'a2' }, kpi: 'DVC1', period: '2026-11-02', val: 0 },
      ],
      config,
      { firstIndex: 10 },
    );
    expect(out.items).toEqual([
      { agency: 'a1', indicator: 'p/1', at: '2026-11-01', value: 95.5 },
      { agency: 'a2', indicator: 'p/1', at: '2026-11-02', value: 0 },
    ]);
    expect(out.sourceIndex).toEqual([10, 15]);
    expect(out.rejected).toEqual([
      { index: 11, field: 'indicator', reason: 'source code "NOPE" is not in the code map' },
      { index: 12, field: 'agency', reason: 'missing' },
      { index: 13, field: 'value', reason: 'not a number: "n/a"' },
      { index: 14, field: '(record)', reason: 'must be an object' },
    ]);
  });
  it('uses constants and plain column names', () => {
    const out = mapRecords(
      [{ 'Mã đơn vị': 'a1', Ngày: '2026-11-01', 'Giá trị': '7' }],
      {
        fields: { agency: 'Mã đơn vị', at: 'Ngày', value: 'Giá trị' },
        constants: { indicator: 'p/2' },
      },
      { columns: true },
    );
    expect(out.items).toEqual([{ agency: 'a1', indicator: 'p/2', at: '2026-11-01', value: 7 }]);
  });
});

describe('csv', () => {
  it('reads quotes, doubled quotes, delimiters and newlines inside quotes, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n"multi\nline",2\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(parseCsv('a;b\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/unterminated/);
    expect(csvRecords('agency,value\na1,3\na2\n')).toEqual({
      header: ['agency', 'value'],
      records: [
        { agency: 'a1', value: '3' },
        { agency: 'a2', value: '' },
      ],
    });
  });
});

describe('DHIS2 category option combos', () => {
  // one data element for one org unit and period, broken down by sex (two combos), and another
  // reported once with the default combo
  const records = [
    { dataElement: 'deA', orgUnit: 'ou1', period: '202601', categoryOptionCombo: 'male', value: '12' },
    { dataElement: 'deA', orgUnit: 'ou1', period: '202601', categoryOptionCombo: 'female', value: '30' },
    { dataElement: 'deB', orgUnit: 'ou1', period: '202601', categoryOptionCombo: 'HllvX50cXC0', value: '7' },
    { dataElement: 'deA', orgUnit: 'ou1', period: '202602', categoryOptionCombo: 'male', value: '5' },
  ];
  const mapped = () =>
    mapRecords(
      records,
      {
        fields: { agency: 'orgUnit', indicator: 'dataElement', value: 'value' },
        codeMap: { agency: { ou1: 'a1' }, indicator: { deA: 'i-a', deB: 'i-b' } },
      },
      { timeOf: dhis2Time },
    );

  it('rejects a value broken down by several combos unless told which to take, and takes a single one', () => {
    const out = resolveCombos(mapped(), records, null);
    expect(out.items).toEqual([
      { agency: 'a1', indicator: 'i-b', at: '2026-01-31', value: 7 },
      { agency: 'a1', indicator: 'i-a', at: '2026-02-28', value: 5 },
    ]);
    expect(out.sourceIndex).toEqual([2, 3]);
    expect(out.rejected).toEqual([
      { index: 0, field: 'categoryOptionCombo', reason: expect.stringContaining('2 category option combos') },
      { index: 1, field: 'categoryOptionCombo', reason: expect.stringContaining('"sum"') },
    ]);
  });

  it('keeps one combo, leaving the other breakdowns out', () => {
    const out = resolveCombos(mapped(), records, 'female');
    expect(out.items).toEqual([{ agency: 'a1', indicator: 'i-a', at: '2026-01-31', value: 30 }]);
    expect(out.sourceIndex).toEqual([1]);
    expect(out.rejected).toEqual([]);
  });

  it('sums the breakdowns into one value', () => {
    const out = resolveCombos(mapped(), records, 'sum');
    expect(out.items).toEqual([
      { agency: 'a1', indicator: 'i-a', at: '2026-01-31', value: 42 },
      { agency: 'a1', indicator: 'i-b', at: '2026-01-31', value: 7 },
      { agency: 'a1', indicator: 'i-a', at: '2026-02-28', value: 5 },
    ]);
    expect(out.sourceIndex).toEqual([0, 2, 3]);
  });

  it('takes a total reported beside its breakdowns as the value instead of adding it to them', () => {
    const withTotal = [
      ...records,
      { dataElement: 'deA', orgUnit: 'ou1', period: '202601', value: '42' }, // no combo: the total
    ];
    const out = resolveCombos(
      mapRecords(
        withTotal,
        {
          fields: { agency: 'orgUnit', indicator: 'dataElement', value: 'value' },
          codeMap: { agency: { ou1: 'a1' }, indicator: { deA: 'i-a', deB: 'i-b' } },
        },
        { timeOf: dhis2Time },
      ),
      withTotal,
      'sum',
    );
    expect(out.items[0]).toEqual({ agency: 'a1', indicator: 'i-a', at: '2026-01-31', value: 42 });
    expect(out.sourceIndex[0]).toBe(4);
  });

  it('is checked in the connector config', () => {
    const base = {
      url: 'https://dhis',
      dataSet: 'ds',
      period: '202601',
      orgUnit: 'ou1',
      codeMap: { agency: {}, indicator: {} },
    };
    expect(validateConfig('dhis2', { ...base, categoryOptionCombo: 'sum' })).toEqual([]);
    expect(validateConfig('dhis2', { ...base, categoryOptionCombo: 3 }).map((p) => p.field)).toEqual([
      'config.categoryOptionCombo',
    ]);
  });
});

describe('DHIS2 periods', () => {
  it.each([
    ['2026', '2026-12-31'],
    ['202611', '2026-11-30'],
    ['202402', '2024-02-29'],
    ['2026Q3', '2026-09-30'],
    ['2026Q1', '2026-03-31'],
    ['20261130', '2026-11-30'],
    ['2026W48', '2026-11-29'], // ISO week 48 of 2026: Monday 23 – Sunday 29 November
    ['2026W1', '2026-01-04'],
    ['2020W53', '2021-01-03'],
    ['2026W53', '2027-01-03'], // 2026 starts on a Thursday: 53 ISO weeks
    ['2026S1', '2026-06-30'],
    ['2026S2', '2026-12-31'],
    ['202601B', '2026-02-28'],
  ])('%s ends on %s', (period, end) => expect(dhis2PeriodEnd(period)).toBe(end));
  it.each(['202613', '20260230', '2026Q5', '2027W53', '2026April', 'x'])('%s is not supported', (p) =>
    expect(dhis2PeriodEnd(p)).toBeNull(),
  );
  it('gives a reason for a bad period', () => {
    expect(dhis2Time({ period: '2026Q9' })).toEqual({ reason: 'unsupported DHIS2 period "2026Q9"' });
    expect(dhis2Time({})).toEqual({ reason: 'missing period' });
  });
});

describe('resilience', () => {
  it('backs off exponentially with full jitter under the cap', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(20, 100, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(0);
  });
  it('reads Retry-After as seconds or a date', () => {
    const now = Date.UTC(2026, 10, 30, 12);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
  it('calls 5xx, 429 and 408 transient and other 4xx permanent', () => {
    expect(() => checkStatus(new Response('', { status: 503 }))).toThrow(TransientError);
    expect(() => checkStatus(new Response('', { status: 429, headers: { 'retry-after': '1' } }))).toThrow(
      TransientError,
    );
    let permanent: unknown;
    try {
      checkStatus(new Response('', { status: 404 }));
    } catch (e) {
      permanent = e;
    }
    expect(permanent).toBeInstanceOf(Error);
    expect(permanent).not.toBeInstanceOf(TransientError);
  });
  it('retries transient failures only, up to the limit', async () => {
    const policy = { timeoutMs: 1000, retries: 2, retryBaseMs: 1, retryMaxMs: 5 };
    let calls = 0;
    await expect(
      withRetry(policy, async () => {
        calls++;
        if (calls < 3) throw new TransientError('busy');
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(policy, async () => {
        calls++;
        throw new TransientError('down');
      }),
    ).rejects.toThrow('down (after 3 attempts)');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(policy, async () => {
        calls++;
        throw new Error('bad request');
      }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
    await expect(
      withRetry(policy, async () => {
        throw new TransientError('slow down', 60_000);
      }),
    ).rejects.toThrow(/asks to wait 60 s/);
  });
  it('gives each attempt a deadline', async () => {
    const started = Date.now();
    await expect(
      withRetry(
        { timeoutMs: 50, retries: 0, retryBaseMs: 1, retryMaxMs: 1 },
        (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      ),
    ).rejects.toThrow('no answer within 50 ms');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('config', () => {
  it('names the fields that are wrong, per kind', () => {
    const fields = (kind: Parameters<typeof validateConfig>[0], config: unknown) =>
      validateConfig(kind, config).map((p) => p.field);
    expect(fields('http-json', { url: 'ftp://x', fields: { at: 'a', value: 'v' }, timeoutMs: 0 })).toEqual([
      'config.url',
      'config.fields.agency',
      'config.fields.indicator',
      'config.timeoutMs',
    ]);
    expect(
      fields('http-json', {
        url: 'https://x/api',
        fields: { agency: 'a', indicator: 'i', at: 't', value: 'v..' },
        pagination: { style: 'offset', param: 'o' },
      }),
    ).toEqual(['config.fields.value', 'config.pagination.size']);
    expect(fields('csv', { path: 'a.csv', url: 'https://x/a.csv' })).toEqual(['config.url']);
    expect(fields('csv', { path: 'a.csv', delimiter: ';;' })).toEqual(['config.delimiter']);
    expect(fields('sql', { url: 'mysql://x', query: 'DELETE FROM t' })).toEqual(['config.url', 'config.query']);
    expect(fields('dhis2', { url: 'https://dhis', dataSet: 'ds', orgUnit: [] })).toEqual([
      'config.period',
      'config.orgUnit',
      'config.codeMap',
    ]);
    expect(
      fields('dhis2', {
        url: 'https://dhis',
        dataSet: 'ds',
        period: '202611',
        orgUnit: 'ou',
        token: 't',
        codeMap: { agency: {}, indicator: {} },
      }),
    ).toEqual([]);
    const dhis2 = {
      url: 'https://dhis',
      dataSet: 'ds',
      period: '2026',
      orgUnit: 'ou',
      codeMap: { agency: {}, indicator: {} },
    };
    expect(fields('dhis2', { ...dhis2, token: 't', username: 'u', password: 'p' })).toEqual(['config.token']);
    expect(fields('dhis2', { ...dhis2, token: 't', username: null, password: null })).toEqual([]);
    expect(fields('sql', 'nope')).toEqual(['config']);
  });
  it('masks secrets and keeps them when an edit sends the mask back', () => {
    const stored = {
      url: 'postgres://reader:s3cret@db:5432/src',
      token: 'abc',
      headers: { Authorization: 'Basic xyz', 'X-Tenant': 't1' },
    };
    const shown = maskConfig(stored);
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|abc|xyz/);
    expect(shown.headers).toEqual({ Authorization: MASK, 'X-Tenant': 't1' });
    expect(keepSecrets({ ...shown, headers: { ...(shown.headers as object), 'X-Tenant': 't2' } }, stored)).toEqual({
      ...stored,
      headers: { Authorization: 'Basic xyz', 'X-Tenant': 't2' },
    });
    expect(keepSecrets({ url: stored.url, token: 'new' }, stored).token).toBe('new');
  });
});
