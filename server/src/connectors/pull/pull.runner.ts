// Runs the pull connectors (http-json, csv, sql, dhis2): fetches the source's records with the
// connector's timeout and retries, maps them (pull/mapping.ts), hands the mapped values to
// ingestion with the run id (provenance) and returns the run's result, where the values that
// could not be mapped and those ingestion refused are listed by their index in the source.
// A source that cannot be read at all throws: the caller records a failed run.
import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import pg from 'pg';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { IngestionService, type IngestResult } from '../../ingestion/ingestion.service.js';
import type { Connector, RejectedValue } from '../connectors.repository.js';
import { resilienceOf, validateConfig, type PullKind } from './config.js';
import { csvRecords } from './csv.js';
import { dhis2Time, dhis2Values, resolveCombos } from './dhis2.js';
import { columnFields, getPath, mapRecords, type MappedBatch, type MappingConfig } from './mapping.js';
import { checkStatus, readText, TransientError, withRetry, type RetryPolicy } from './resilience.js';

const INGEST_BATCH = 20_000;
const DEFAULT_MAX_PAGES = 20;

type Config = Record<string, unknown>;

interface Pagination {
  style: 'next-link' | 'page' | 'offset';
  nextPath?: string;
  param?: string;
  sizeParam?: string;
  size?: number;
  start?: number;
}

function emptyBatch(): MappedBatch {
  return { items: [], sourceIndex: [], rejected: [] };
}

function append(into: MappedBatch, from: MappedBatch): void {
  into.items.push(...from.items);
  into.sourceIndex.push(...from.sourceIndex);
  into.rejected.push(...from.rejected);
}

@Injectable()
export class PullRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingestion: IngestionService,
  ) {}

  async run(connector: Connector, runId: number, nowMs = Date.now()): Promise<IngestResult> {
    const kind = connector.kind as PullKind;
    const c = connector.config;
    const problems = validateConfig(kind, c);
    if (problems.length) throw new Error(`invalid config: ${problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`);
    const policy = resilienceOf(c);
    const batch =
      kind === 'http-json'
        ? await this.httpJson(c, policy)
        : kind === 'csv'
          ? await this.csv(c, policy)
          : kind === 'sql'
            ? await this.sql(c, policy)
            : await this.dhis2(c, policy);
    return this.ingest(batch, connector.id, runId, nowMs);
  }

  /**
   * Ingests the mapped values in batches, storing each while the previous one is scored; done once
   * every batch is stored and scored. Ingestion's rejections point back at the source's records.
   */
  private async ingest(batch: MappedBatch, source: string, runId: number, nowMs: number): Promise<IngestResult> {
    const total: IngestResult = { accepted: 0, duplicates: 0, corrections: 0, rejected: [] };
    const rejected: RejectedValue[] = [...batch.rejected];
    const scored: Promise<void>[] = [];
    for (let i = 0; i < batch.items.length; i += INGEST_BATCH) {
      const r = await this.ingestion.store(batch.items.slice(i, i + INGEST_BATCH), source, runId, nowMs);
      scored.push(r.scored);
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.corrections += r.corrections;
      rejected.push(...r.rejected.map((x) => ({ ...x, index: batch.sourceIndex[i + x.index] ?? x.index })));
    }
    await Promise.all(scored);
    total.rejected = rejected.sort((a, b) => a.index - b.index);
    return total;
  }

  // ── http-json ────────────────────────────────────────────────────────────────────────────

  private async httpJson(c: Config, policy: RetryPolicy): Promise<MappedBatch> {
    const mapping = c as MappingConfig;
    const pagination = c.pagination as Pagination | undefined;
    const maxPages = (c.maxPages as number | undefined) ?? DEFAULT_MAX_PAGES;
    const first = new URL(c.url as string);
    const pageUrl = (n: number) => {
      const u = new URL(first);
      if (pagination && pagination.style !== 'next-link') {
        const start = pagination.start ?? (pagination.style === 'page' ? 1 : 0);
        u.searchParams.set(
          pagination.param!,
          String(start + n * (pagination.style === 'offset' ? pagination.size! : 1)),
        );
        if (pagination.sizeParam && pagination.size) u.searchParams.set(pagination.sizeParam, String(pagination.size));
      }
      return u;
    };
    const out = emptyBatch();
    const seen = new Set<string>();
    let url: URL | null = pageUrl(0);
    let count = 0;
    for (let page = 0; url; page++) {
      if (page >= maxPages) {
        out.rejected.push({
          index: count,
          field: 'pagination',
          reason: `stopped after maxPages=${maxPages} pages; the source has more`,
        });
        break;
      }
      seen.add(url.toString());
      const body = await this.fetchJson(url, c, first.origin, policy);
      const records = c.recordsPath ? getPath(body, c.recordsPath as string) : body;
      if (!Array.isArray(records))
        throw new Error(`page ${page + 1}: no list of records at ${(c.recordsPath as string | undefined) ?? '$'}`);
      append(out, mapRecords(records, mapping, { firstIndex: count }));
      count += records.length;
      url = null;
      if (pagination?.style === 'next-link') {
        const link = getPath(body, pagination.nextPath!);
        if (typeof link === 'string' && link) {
          const next: URL = new URL(link, first);
          if (!seen.has(next.toString())) url = next;
        }
      } else if (pagination && records.length > 0 && !(pagination.size && records.length < pagination.size)) {
        url = pageUrl(page + 1);
      }
    }
    return out;
  }

  /** One JSON document, with retries; credentials go only to the configured origin. */
  private async fetchJson(url: URL, c: Config, origin: string, policy: RetryPolicy): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (url.origin === origin) {
      Object.assign(headers, (c.headers as Record<string, string> | undefined) ?? {});
      if (typeof c.token === 'string') headers.authorization = `Bearer ${c.token}`;
    }
    const method = (c.method as string | undefined) ?? 'GET';
    let body: string | undefined;
    if (method === 'POST' && c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] = 'application/json';
    }
    const text = await withRetry(policy, async (signal) => {
      const res = await fetch(url, { method, headers, body, signal });
      checkStatus(res);
      return readText(res);
    });
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`malformed JSON from ${url.host}: ${JSON.stringify(text.slice(0, 80))}`);
    }
  }

  // ── csv ──────────────────────────────────────────────────────────────────────────────────

  private async csv(c: Config, policy: RetryPolicy): Promise<MappedBatch> {
    let text: string;
    if (typeof c.path === 'string') {
      const root = this.config.connectors.filesDir;
      const file = resolve(root, c.path);
      const rel = relative(root, file);
      if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`config.path must be inside CONNECTOR_FILES_DIR`);
      text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new Error(`cannot read ${c.path}: ${e.code ?? e.message}`);
      });
    } else {
      const url = new URL(c.url as string);
      text = await withRetry(policy, async (signal) => {
        const res = await fetch(url, { headers: { accept: 'text/csv, text/plain' }, signal });
        checkStatus(res);
        return readText(res);
      });
    }
    let parsed: ReturnType<typeof csvRecords>;
    try {
      parsed = csvRecords(text, (c.delimiter as string | undefined) ?? ',');
    } catch (e) {
      throw new Error(`malformed CSV: ${(e as Error).message}`, { cause: e });
    }
    const mapping = c as MappingConfig;
    this.requireColumns(parsed.header, mapping, 'the CSV header');
    return mapRecords(parsed.records, mapping, { columns: true });
  }

  private requireColumns(have: string[], mapping: MappingConfig, where: string): void {
    const missing = Object.values(columnFields(mapping, true)).filter(
      (name): name is string => !!name && !have.includes(name),
    );
    if (missing.length)
      throw new Error(`${where} has no column ${missing.map((m) => `"${m}"`).join(', ')} (has ${have.join(', ')})`);
  }

  // ── sql ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The query runs in a READ ONLY transaction (and a read-only session, in the extended protocol
   * so it is one statement: no `COMMIT; DELETE …` can follow it) with a statement_timeout, and
   * is rolled back: a connector only ever reads its source.
   */
  private async sql(c: Config, policy: RetryPolicy): Promise<MappedBatch> {
    const url = new URL(c.url as string);
    if (typeof c.password === 'string') url.password = encodeURIComponent(c.password);
    const { rows, fields } = await withRetry(policy, async () => {
      const client = new pg.Client({
        connectionString: url.toString(),
        connectionTimeoutMillis: policy.timeoutMs,
        application_name: 'kpi-connector',
        options: '-c default_transaction_read_only=on',
      });
      try {
        await client.connect();
        await client.query('BEGIN READ ONLY');
        await client.query(`SET LOCAL statement_timeout = ${Math.floor(policy.timeoutMs)}`);
        const res = await client.query({ text: c.query as string, queryMode: 'extended' } as pg.QueryConfig);
        await client.query('ROLLBACK');
        return { rows: res.rows as Record<string, unknown>[], fields: res.fields.map((f) => f.name) };
      } catch (error) {
        throw sqlError(error);
      } finally {
        await client.end().catch(() => undefined);
      }
    });
    const mapping = c as MappingConfig;
    this.requireColumns(fields, mapping, 'the query result');
    return mapRecords(rows, mapping, { columns: true });
  }

  // ── dhis2 ────────────────────────────────────────────────────────────────────────────────

  /** `GET /api/dataValueSets` for a data set, a period (or date range) and organisation units. */
  private async dhis2(c: Config, policy: RetryPolicy): Promise<MappedBatch> {
    const base = (c.url as string).replace(/\/+$/, '');
    const url = new URL(`${base}${base.endsWith('/api') ? '' : '/api'}/dataValueSets`);
    url.searchParams.set('dataSet', c.dataSet as string);
    if (typeof c.period === 'string') url.searchParams.set('period', c.period);
    else {
      url.searchParams.set('startDate', c.startDate as string);
      url.searchParams.set('endDate', c.endDate as string);
    }
    for (const ou of Array.isArray(c.orgUnit) ? c.orgUnit : [c.orgUnit]) url.searchParams.append('orgUnit', String(ou));
    if (c.children === true) url.searchParams.set('children', 'true');
    const headers: Record<string, string> = {};
    // DHIS2 personal access tokens use the ApiToken scheme; accounts use basic authentication
    if (typeof c.token === 'string') headers.Authorization = `ApiToken ${c.token}`;
    else if (typeof c.username === 'string' && typeof c.password === 'string')
      headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    const body = await this.fetchJson(url, { headers }, url.origin, policy);
    const values = dhis2Values(body);
    if ('error' in values) throw new Error(`not a DHIS2 dataValueSet: ${values.error}`);
    // a deleted value in DHIS2 is no longer reported: it is left out, not rejected
    const records = values.records.filter(
      (v) => !(v && typeof v === 'object' && (v as { deleted?: unknown }).deleted === true),
    );
    const mapped = mapRecords(
      records,
      {
        fields: { agency: 'orgUnit', indicator: 'dataElement', value: 'value' },
        codeMap: c.codeMap as MappingConfig['codeMap'],
      },
      { timeOf: dhis2Time },
    );
    return resolveCombos(mapped, records, (c.categoryOptionCombo as string | undefined) ?? null);
  }
}

/** PostgreSQL errors worth a retry: the connection (class 08), the server going away, timeouts. */
function sqlError(error: unknown): Error {
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  const message = e?.message ?? String(error);
  if (
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300', '57014', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(
      code,
    ) ||
    /timeout|terminated/i.test(message)
  )
    return new TransientError(`source database: ${message}`);
  return new Error(`source database: ${message}${code ? ` (${code})` : ''}`);
}
