// Reading values from raw rows: pg gives timestamptz columns back as Date objects (or strings
// through some drivers); the API speaks ISO 8601 strings.

export function isoOrNull(value: unknown): string | null {
  return value ? new Date(value as string | Date).toISOString() : null;
}
