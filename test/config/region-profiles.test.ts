/**
 * Region capability profiles (issue 16 item 3): every shipped profile validates against the schema
 * (one test per file, found by listing the folder, so a new file cannot escape), the schema refuses
 * what docs/protocol.md forbids, and the configuration selects a profile by id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegionProfile, regionProfile, transactionClassOf } from '../../main/config/region-profile';
import { SHIPPED_REGIONS } from '../../main/config/regions';
import { parseConfig } from '../../main/config/load-config';

const DIR = path.resolve('main/config/regions');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('shipped region profiles', () => {
  it('ship the national default and a reference region of each gateway style', () => {
    const styles = FILES.map((f) => regionProfile(f.replace(/\.json$/, '')).gateway.style);
    expect(FILES).toContain('national-default.json');
    expect(new Set(styles)).toEqual(new Set(['plain', 'csb', 'tif', 'sm']));
  });

  it.each(FILES)('%s validates, its id is its file name, and it is registered', (file) => {
    const raw = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown;
    const p = parseRegionProfile(raw, file);
    expect(p.id).toBe(file.replace(/\.json$/, ''));
    expect(SHIPPED_REGIONS[p.id]).toEqual(raw);
  });
});

describe('the schema', () => {
  const base = JSON.parse(readFileSync(path.join(DIR, 'national-default.json'), 'utf8')) as Record<string, unknown>;

  it('refuses a password check in cainfo with the sm style (its cainfo is the signature)', () => {
    expect(() => parseRegionProfile({ ...base, gateway: { style: 'sm' }, cainfo_password_check: true }, 'x')).toThrow(
      /cainfo_password_check/,
    );
  });

  it('refuses a secret in a region file, an unknown key, a bad variant and a bad timeout, naming the path', () => {
    expect(() => parseRegionProfile({ ...base, gateway: { style: 'csb', secret: 'x' } }, 'x')).toThrow(/gateway/);
    expect(() => parseRegionProfile({ ...base, extra: 1 }, 'x')).toThrow(/extra|根/);
    expect(() =>
      parseRegionProfile({ ...base, transactions: { supported: null, variants: { '2207': '2304A' } } }, 'x'),
    ).toThrow(/transactions\.variants\.2207/);
    expect(() =>
      parseRegionProfile({ ...base, timeouts_ms: { query: 5, upload: null, settle: null, catalog: null } }, 'x'),
    ).toThrow(/timeouts_ms\.query/);
    expect(() => parseRegionProfile({ ...base, pharmacy_flow: 'shop' }, 'x')).toThrow(/pharmacy_flow/);
  });

  it('classes transactions for their timeouts', () => {
    expect(['2207', '2207A', '2304', '2601', '2102'].map(transactionClassOf)).toEqual([
      'settle',
      'settle',
      'settle',
      'settle',
      'settle',
    ]);
    expect(['2204', '2301'].map(transactionClassOf)).toEqual(['upload', 'upload']);
    expect(['1301', '1312'].map(transactionClassOf)).toEqual(['catalog', 'catalog']);
    expect(['1101', '9001', '5203'].map(transactionClassOf)).toEqual(['query', 'query', 'query']);
  });
});

describe('selection in the configuration', () => {
  const cfg = {
    institution: { fixmedins_code: 'H41020200011', fixmedins_name: '示范医院', mdtrtarea_admvs: '410202' },
    upstream: { url: 'http://10.1.2.3:8080' },
    operator: { opter: '1', opter_name: '甲' },
    his_api: { port: 0, token: '0123456789abcdef' },
    data_dir: './data',
  };

  it('defaults to national-default; an unknown id fails naming `region`', () => {
    expect(parseConfig(cfg, '/tmp').region).toBe('national-default');
    const c = parseConfig({ ...cfg, region: 'tif-reference' }, '/tmp');
    expect(regionProfile(c.region).gateway).toEqual({ style: 'tif', path_prefix: '/ebus/rio_fsi' });
    expect(() => regionProfile('atlantis')).toThrow(/region: .*atlantis/);
  });
});
