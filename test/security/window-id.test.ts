/** The window recorded on settlements: the configured `window_id`, else the host name (bounded), else `window`. */
import { describe, expect, it } from 'vitest';
import { windowIdOf } from '../../main/app/window-id';
import { parseConfig } from '../../main/config/load-config';

describe('window id', () => {
  it('takes the configured id, else the host name cut to 64 characters, else "window"', () => {
    expect(windowIdOf('WIN-03', () => 'pc-17')).toBe('WIN-03');
    expect(windowIdOf(undefined, () => ' pc-17 ')).toBe('pc-17');
    expect(windowIdOf(undefined, () => 'h'.repeat(100))).toBe('h'.repeat(64));
    expect(windowIdOf(undefined, () => '')).toBe('window');
  });

  it('accepts a plain window_id in the config and refuses one with other characters, naming the key', () => {
    const base = {
      institution: { fixmedins_code: 'H41020200011', fixmedins_name: '医院', mdtrtarea_admvs: '410202' },
      upstream: { url: 'http://127.0.0.1:9' },
      operator: { opter: '0001', opter_name: '甲' },
      his_api: { port: 0, token: 'a-token-of-16-characters' },
      data_dir: 'data',
    };
    expect(parseConfig({ ...base, window_id: 'WIN-03' }, '/tmp').window_id).toBe('WIN-03');
    expect(parseConfig(base, '/tmp').window_id).toBeUndefined();
    expect(() => parseConfig({ ...base, window_id: 'a b<script>' }, '/tmp')).toThrow(/window_id/);
  });
});
