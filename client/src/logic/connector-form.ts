// The form operators use to create or edit a pull connector (POST /api/connectors,
// PATCH /api/connectors/:id). The config's shape depends on the kind and is checked by the
// server (errors name `config.<path>`); here only the JSON itself is read. A secret comes back
// masked and is kept by the server when the mask is sent back unchanged.
export const PULL_KINDS = ['http-json', 'csv', 'sql', 'dhis2'] as const;
export type PullKind = (typeof PULL_KINDS)[number];

export interface ConnectorForm {
  id: string;
  kind: PullKind;
  name: string;
  schedule: string;
  enabled: boolean;
  config: string;
}

export type ConnectorFormErrors = Partial<Record<'id' | 'name' | 'config', 'required' | 'format' | 'json'>>;

const ID = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export const emptyConnectorForm = (): ConnectorForm => ({
  id: '',
  kind: 'http-json',
  name: '',
  schedule: '0 * * * *',
  enabled: true,
  config: '{\n  "url": "https://"\n}',
});

/** The form of an existing connector (as GET /api/connectors/:id returns it). */
export function formOf(c: {
  id: string;
  kind: string;
  name: string;
  schedule: string | null;
  enabled: boolean;
  config?: Record<string, unknown>;
}): ConnectorForm {
  return {
    id: c.id,
    kind: (PULL_KINDS as readonly string[]).includes(c.kind) ? (c.kind as PullKind) : 'http-json',
    name: c.name,
    schedule: c.schedule ?? '',
    enabled: c.enabled,
    config: JSON.stringify(c.config ?? {}, null, 2),
  };
}

export function checkConnectorForm(
  form: ConnectorForm,
  mode: 'create' | 'edit',
): { errors: ConnectorFormErrors; body: Record<string, unknown> | null } {
  const errors: ConnectorFormErrors = {};
  if (mode === 'create' && !ID.test(form.id.trim())) errors.id = form.id.trim() ? 'format' : 'required';
  if (!form.name.trim()) errors.name = 'required';
  let config: unknown = null;
  try {
    config = JSON.parse(form.config);
  } catch {
    errors.config = 'json';
  }
  if (!errors.config && (typeof config !== 'object' || config === null || Array.isArray(config)))
    errors.config = 'json';
  if (Object.keys(errors).length) return { errors, body: null };
  const common = {
    name: form.name.trim(),
    schedule: form.schedule.trim() || null,
    enabled: form.enabled,
    config: config as Record<string, unknown>,
  };
  return { errors, body: mode === 'create' ? { id: form.id.trim(), kind: form.kind, ...common } : common };
}
