/** Config `upstream.self_pay_setlway` (issue 18 item 5): the self-pay way defaults to 02; a region may name another; a bad value names its path. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../main/config/load-config';
import { AppError } from '../../shared/errors/app-error';

const base = (upstream: Record<string, unknown> = {}) => ({
  institution: { fixmedins_code: 'H41020200011', fixmedins_name: '开封市示范第一医院', mdtrtarea_admvs: '410202' },
  upstream: { url: 'http://10.1.2.3:8080', ...upstream },
  operator: { opter: '0001', opter_name: '收费员甲' },
  his_api: { port: 8700, token: 'k9Xq2mVt7LpR4sWz8NbC' },
  data_dir: './data',
});

describe('upstream.self_pay_setlway', () => {
  it('defaults to 02 and takes a regional code', () => {
    expect(parseConfig(base(), '/tmp').upstream.self_pay_setlway).toBe('02');
    expect(parseConfig(base({ self_pay_setlway: '0203' }), '/tmp').upstream.self_pay_setlway).toBe('0203');
  });

  it('refuses a value that is not a code, naming the path', () => {
    const e = (() => {
      try {
        parseConfig(base({ self_pay_setlway: '全自费' }), '/tmp');
        return null;
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message + JSON.stringify((e as AppError).detail ?? '')).toContain(
      'upstream.self_pay_setlway',
    );
  });
});
