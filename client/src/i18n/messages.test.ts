// Every message key the views use statically exists in Vietnamese and in English, and the two
// locales have the same keys: a missing translation would show its key to a ward leader.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const src = join(process.cwd(), 'client', 'src');
const vi = JSON.parse(readFileSync(join(src, 'i18n', 'vi.json'), 'utf8')) as Record<string, unknown>;
const en = JSON.parse(readFileSync(join(src, 'i18n', 'en.json'), 'utf8')) as Record<string, unknown>;

function keys(messages: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.(vue|ts)$/.test(e.name) && !/\.test\.ts$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('UI messages', () => {
  it('has the same keys in both languages', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('has every key the views use', () => {
    const known = new Set(keys(vi));
    const used = new Set<string>();
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\$?\bt\(\s*'([a-zA-Z]+(?:\.[a-zA-Z_]+)+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });
});
