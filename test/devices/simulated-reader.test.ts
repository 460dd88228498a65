/**
 * The simulated card reader of training and the tests, the card line it produces, and choosing a
 * reader from configuration (`devices.card_reader`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimulatedCardReader } from '../../main/devices/simulated-reader';
import { NoCardReader } from '../../main/devices/no-reader';
import { cardLine, parseCardLine, SSC_FIELDS } from '../../main/devices/card-line';
import { createCardReader, libraryPathFor, scenarioCards } from '../../main/app/card-reader-setup';
import { DEMO_SCENARIO } from '../../main/app/runtime';
import { parseConfig } from '../../main/config/load-config';
import { classifyCredential } from '../../shared/identity/credential';
import { residentIdCheckChar } from '../../shared/identity/gb11643';

describe('simulated reader (demo scenario cards)', () => {
  it("holds every person's ID card and social security card; reads the first social security card by default", async () => {
    const cards = scenarioCards(DEMO_SCENARIO);
    expect(cards.filter((c) => c.card.medium === 'id_card').length).toBeGreaterThanOrEqual(8);
    const r = new SimulatedCardReader(cards);
    const got = await r.read();
    expect(got).toEqual({
      ok: true,
      card: {
        medium: 'ssc',
        cardno: 'A00000001',
        card_sn: '430102D1560000000001ABCDEF012345',
        certno: '43010219560302031X',
        psn_name: '张建国',
      },
    });
    if (!got.ok) throw new Error('no card');
    expect(classifyCredential(cardLine(got.card), '2026-11-20')).toMatchObject({
      kind: 'ssc_card',
      mdtrt_cert_no: 'A00000001',
      card_sn: '430102D1560000000001ABCDEF012345',
    });
    expect(r.place('DEMO0002200228', 'id_card')).toBe(true);
    expect(await r.read()).toEqual({
      ok: true,
      card: { medium: 'id_card', certno: '430104197111200228', psn_name: '李秀英' },
    });
    expect(r.place('NOBODY')).toBe(false);
    r.remove();
    expect(await r.read()).toEqual({ ok: false, code: 'CARD_READ_FAILED', detail: '模拟读卡器上没有卡' });
    expect((await new SimulatedCardReader(cards).selfTest()).every((s) => s.ok)).toBe(true);
  });

  it("a social security card line round-trips through the identify field's classifier (property)", () => {
    const alnum = fc.stringMatching(/^[0-9A-Z]{9}$/);
    const body17 = fc.stringMatching(/^[1-6][0-9]{5}19[5-9][0-9](0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}$/);
    fc.assert(
      fc.property(
        alnum,
        fc.stringMatching(/^[0-9]{6}[0-9A-Z]{26}$/),
        body17,
        fc.stringMatching(/^[一-龥]{2,4}$/),
        (cardno, card_sn, body, name) => {
          const certno = `${body}${residentIdCheckChar(body)}`;
          const line = cardLine({ medium: 'ssc', cardno, card_sn, certno, psn_name: name });
          expect(parseCardLine(line, 'ssc', SSC_FIELDS)).toEqual({
            medium: 'ssc',
            cardno,
            card_sn,
            certno,
            psn_name: name,
          });
          expect(classifyCredential(line, '2026-11-20')).toMatchObject({
            kind: 'ssc_card',
            mdtrt_cert_no: cardno,
            card_sn,
          });
        },
      ),
    );
  });
});

describe('devices.card_reader in the configuration', () => {
  const base = {
    institution: { fixmedins_code: 'H41020200011', fixmedins_name: '医院', mdtrtarea_admvs: '410202' },
    upstream: { url: 'http://127.0.0.1:1' },
    operator: { opter: 'T1', opter_name: '甲' },
    his_api: { port: 0, token: '0123456789abcdef' },
    data_dir: '/tmp/x',
  };

  it('defaults: none in production, the simulated reader in training', () => {
    const cfg = parseConfig(base, '/tmp');
    expect(cfg.devices.card_reader).toBeUndefined();
    expect(cfg.institution.pharmacy_flow).toBeUndefined(); // the region profile supplies it (main/app/runtime.ts)
    expect(cfg.evoucher).toEqual({ timeout_ms: 3000 });
    expect(createCardReader(undefined, null, DEMO_SCENARIO)).toBeInstanceOf(NoCardReader);
    expect(createCardReader(undefined, DEMO_SCENARIO, DEMO_SCENARIO).kind).toBe('simulated');
  });

  it('a library reader per platform, with defaults; bad keys are named', () => {
    const cfg = parseConfig(
      {
        ...base,
        devices: {
          card_reader: {
            kind: 'library',
            library: { win32: 'C:\\SSCard\\SSCard.dll', linux: '/opt/sscard/libsscard.so' },
            function: 'iReadCardBas',
            layout: 'type_out',
          },
        },
      },
      '/tmp',
    );
    expect(cfg.devices.card_reader).toMatchObject({
      kind: 'library',
      layout: 'type_out',
      card_type: 3,
      encoding: 'gbk',
      medium: 'ssc',
      convention: 'cdecl',
      buffer_bytes: 1024,
    });
    const c = cfg.devices.card_reader;
    if (c?.kind !== 'library') throw new Error('not a library reader');
    expect(libraryPathFor(c.library, 'linux')).toBe('/opt/sscard/libsscard.so');
    expect(libraryPathFor(c.library, 'win32')).toBe('C:\\SSCard\\SSCard.dll');
    expect(libraryPathFor(c.library, 'darwin')).toBeNull();
    expect(createCardReader(c, null, DEMO_SCENARIO, 'linux').kind).toBe('library');
    expect(() => createCardReader(c, null, DEMO_SCENARIO, 'darwin')).toThrow(/darwin/);
    expect(() =>
      parseConfig(
        { ...base, devices: { card_reader: { kind: 'library', library: '/x.so', function: 'bad name;' } } },
        '/tmp',
      ),
    ).toThrow(/devices\.card_reader\.function/);
    expect(() => parseConfig({ ...base, institution: { ...base.institution, pharmacy_flow: 'shop' } }, '/tmp')).toThrow(
      /institution\.pharmacy_flow/,
    );
  });
});
