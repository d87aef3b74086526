// Reads and validates seed files (plan catalogs and agency trees) against their JSON Schemas in
// seeds/schema. Validation problems come back as {field, reason} with JSON-pointer-like paths.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { DomainError } from '../common/domain-error.js';
import type { FieldProblem } from '../common/error-response.js';

export const SEEDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../seeds');

export interface AgencySeed {
  code: string;
  name: string;
  kind: string;
  parent?: string | null;
  aliases?: string[];
  officialCode?: string;
  demo?: boolean;
}

export interface AgenciesFile {
  version: 1;
  source?: string;
  agencies: AgencySeed[];
}

export interface IndicatorSeed {
  code: string;
  row: string;
  section?: string;
  pillar: string;
  text: string;
  name?: string;
  targetText: string | null;
  unit: string | null;
  baseline?: number | null;
  start: string;
  deadline: string;
  deadlineText?: string;
  trajectory: 'flat' | 'linear';
  cadence: 'monthly' | 'quarterly' | 'yearly';
  maxAgeDays?: number;
  weight?: number;
  monitoringAgency?: string | null;
  leadAgency: string;
  cooperatingAgencies?: string[];
  legalBasis?: string | null;
  assignees: string[];
  note?: string;
}

export interface MilestoneSeed {
  code: string;
  group?: string;
  title: string;
  leadAgency: string;
  cooperatingAgencies?: string[];
  deadlineText?: string;
  deadline?: string | null;
  expectedResult?: string | null;
  output?: string | null;
  assignees?: string[];
}

export interface CatalogFile {
  version: 1;
  plan: {
    code: string;
    title: string;
    issuer: string;
    documentRef?: string;
    startDate: string;
    endDate: string;
    source: string;
    appendix?: string;
    rowCount?: number;
    ownerAgency?: string;
  };
  pillars: { code: string; name: string }[];
  indicators: IndicatorSeed[];
  milestones?: MilestoneSeed[];
}

export type SeedFile = { kind: 'agencies'; data: AgenciesFile } | { kind: 'catalog'; data: CatalogFile };

// Compiled on first use: a server whose database already holds the catalog never validates a seed.
let validators: Record<'catalog' | 'agencies', ValidateFunction> | undefined;
function validatorFor(kind: 'catalog' | 'agencies'): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const schema = (name: string) => JSON.parse(readFileSync(join(SEEDS_DIR, 'schema', name), 'utf8'));
    validators = {
      catalog: ajv.compile(schema('catalog.schema.json')),
      agencies: ajv.compile(schema('agencies.schema.json')),
    };
  }
  return validators[kind];
}

/** Validates parsed JSON as a catalog or an agencies file (told apart by their top-level keys). */
export function validateSeed(json: unknown): SeedFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw DomainError.invalid('file', 'must be a JSON object');
  }
  const kind = 'plan' in json ? 'catalog' : 'agencies' in json ? 'agencies' : null;
  if (!kind)
    throw DomainError.invalid('file', 'neither a plan catalog (no "plan") nor an agencies file (no "agencies")');
  const validate = validatorFor(kind);
  if (!validate(json)) {
    const fields: FieldProblem[] = (validate.errors ?? []).slice(0, 50).map((e) => ({
      field: e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)',
      reason: e.message ?? 'invalid',
    }));
    throw new DomainError(
      'invalid_input',
      `invalid ${kind} file: ${fields.map((f) => `${f.field}: ${f.reason}`).join('; ')}`,
      fields,
    );
  }
  return kind === 'catalog' ? { kind, data: json as CatalogFile } : { kind, data: json as AgenciesFile };
}

/** The agency kinds the agencies schema allows (its `kind` enum): the one list of them. */
export const AGENCY_KINDS: readonly string[] = (
  JSON.parse(readFileSync(join(SEEDS_DIR, 'schema/agencies.schema.json'), 'utf8')) as {
    properties: { agencies: { items: { properties: { kind: { enum: string[] } } } } };
  }
).properties.agencies.items.properties.kind.enum;

export function readSeedFile(path: string): SeedFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw DomainError.invalid('file', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return validateSeed(json);
}

export interface SeedManifest {
  agencies: string[];
  catalogs: string[];
}

export function readManifest(): SeedManifest {
  return JSON.parse(readFileSync(join(SEEDS_DIR, 'manifest.json'), 'utf8')) as SeedManifest;
}
