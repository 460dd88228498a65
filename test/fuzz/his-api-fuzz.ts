/**
 * The fuzz suite of the HIS API and the HTTP bridge (hardening issue item 8). fast-check drives
 * the real product (training mode, embedded sandbox, real SQLite) in a child process with a small
 * heap: random routes and bridge methods; bodies that are valid requests with fields swapped for
 * random JSON, deleted, nested deep or grown long; random JSON; raw bytes (invalid UTF-8, BOM,
 * UTF-16); chunked or sized; odd Host and token headers now and then. For every answer:
 * the process lives; the status is a success or a 4xx (a 503 only as SERVER_BUSY); the body is
 * JSON with an error code; a refused request changed no row of the adapter's store nor the
 * sandbox's ledger. The child's heap is sampled throughout and must stay bounded.
 */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { BRIDGE_METHODS } from '../../shared/ipc/contract';
import { rawRequest, type RawAnswer } from '../his-api/raw-request';
import type { MemoryChild } from '../his-api/memory-child-process';

const VALID_LINE = {
  feedetl_sn: '1',
  med_list_codg: '002104000010000',
  medins_list_codg: 'CT64',
  name: '64排CT平扫',
  cnt: '1',
  pric: '280.00',
  det_item_fee_sumamt: '280.00',
  fee_ocur_time: '2026-11-20 09:10:00',
};
const DEMO_CERT = { mdtrt_cert_type: '02', mdtrt_cert_no: '43010219560302031X' };

/** A valid-looking body per route: mutations start from these, so validation runs deep. */
const API_ROUTES: readonly {
  method: 'GET' | 'POST' | 'PUT';
  path: (id: string) => string;
  body?: Record<string, unknown>;
}[] = [
  {
    method: 'POST',
    path: () => '/api/v1/patients/identify',
    body: { mdtrt_cert_type: '02', mdtrt_cert_no: '43010219560302031X' },
  },
  {
    method: 'POST',
    path: () => '/api/v1/visits',
    body: {
      kind: 'outpatient',
      psn_no: 'DEMO000102031X',
      insutype: '310',
      med_type: '11',
      ...DEMO_CERT,
      ipt_otp_no: 'MZ-FUZZ',
      begntime: '2026-11-20 09:00:00',
    },
  },
  { method: 'POST', path: (id) => `/api/v1/visits/${id}/fees`, body: { lines: [VALID_LINE] } },
  { method: 'POST', path: (id) => `/api/v1/visits/${id}/discharge`, body: { endtime: '2026-11-21 09:00:00' } },
  { method: 'POST', path: (id) => `/api/v1/visits/${id}/presettle`, body: { acct_used_flag: '0' } },
  { method: 'POST', path: (id) => `/api/v1/visits/${id}/settle`, body: { acct_used_flag: '0' } },
  { method: 'POST', path: (id) => `/api/v1/settlements/${id}/cancel`, body: { scope: 'visit', reason: '测试' } },
  {
    method: 'POST',
    path: () => '/api/v1/inbox',
    body: {
      kind: 'outpatient',
      certno: '43010219560302031X',
      med_type: '11',
      ipt_otp_no: 'MZ-FZ',
      begntime: '2026-11-20 09:00:00',
      lines: [VALID_LINE],
    },
  },
  { method: 'POST', path: () => '/api/v1/preview', body: { lines: [VALID_LINE] } },
  { method: 'PUT', path: (id) => `/api/v1/mappings/${id}`, body: { med_list_codg: '002104000010000' } },
  { method: 'GET', path: (id) => `/api/v1/visits/${id}` },
  { method: 'GET', path: (id) => `/api/v1/settlements/${id}` },
  { method: 'GET', path: (id) => `/api/v1/inbox?certno=${id}` },
  { method: 'GET', path: (id) => `/api/v1/mappings?state=${id}` },
  { method: 'GET', path: () => '/api/v1/jobs' },
];

/** Ids as a caller might send them: plain, empty-ish, long, percent-mangled, unicode. */
const idArb = fc.oneof(
  fc.constantFrom(
    'V0001',
    'NOPE',
    '1',
    'unmapped',
    '%E0%A4%A',
    '%00',
    '%2e%2e',
    'a%2Fb',
    '%F0%9F%98%80',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s) || 'E'),
);

/** Random JSON, including values that are no fee line at all. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const nastyString = fc.oneof(
  fc.constantFrom('\u202e', '\u2066x', '\u0000', '\u0007', '\ud800', 'a\udfffb', '\u0085', ''),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const oddScalar = fc.constantFrom<unknown>(-280, 1e308, -0, 0.1, 12345678901234567890, null, true, [], {});
const nasty: fc.Arbitrary<unknown> = fc.oneof(anyJson, nastyString, oddScalar);

/** One mutation of a valid body. */
function mutate(body: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(body);
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    fc.constant(body),
    fc.tuple(key, nasty).map(([k, v]) => ({ ...body, [k]: v })),
    key.map((k) => Object.fromEntries(Object.entries(body).filter(([x]) => x !== k))),
    fc.tuple(fc.string({ maxLength: 8 }), nasty).map(([k, v]) => ({ ...body, [k]: v })),
    fc
      .tuple(fc.constantFrom(...Object.keys(VALID_LINE)), nasty)
      .map(([k, v]) => ({ ...body, lines: [{ ...VALID_LINE, [k]: v }] })),
    fc
      .nat({ max: 25_000 })
      .map((n) => ({ ...body, lines: Array.from({ length: n }, (_, i) => ({ ...VALID_LINE, feedetl_sn: `${i}` })) })),
    fc.nat({ max: 40 }).map((n) => JSON.parse(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`) as unknown),
    fc.constant([body]),
  );
}

/** How the body is put on the wire. */
type Encoding = 'json' | 'bom' | 'utf16' | 'truncated' | 'garbage' | 'invalid-utf8' | 'chunked' | 'empty';
const encodingArb = fc.constantFrom<Encoding>(
  'json',
  'json',
  'json',
  'json',
  'bom',
  'utf16',
  'truncated',
  'garbage',
  'invalid-utf8',
  'chunked',
  'empty',
);

function encode(value: unknown, enc: Encoding, garbage: Uint8Array): Buffer {
  const text = JSON.stringify(value) ?? 'null';
  switch (enc) {
    case 'bom':
      return Buffer.from(`\ufeff${text}`);
    case 'utf16':
      return Buffer.from(text, 'utf16le');
    case 'truncated':
      return Buffer.from(text.slice(0, Math.max(0, text.length - 3)));
    case 'garbage':
      return Buffer.from(garbage);
    case 'invalid-utf8':
      return Buffer.concat([
        Buffer.from(text.slice(0, 5)),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(text.slice(5)),
      ]);
    case 'empty':
      return Buffer.alloc(0);
    default:
      return Buffer.from(text);
  }
}

/** One fuzz case. */
export interface FuzzCase {
  readonly target: { kind: 'api'; route: number } | { kind: 'bridge'; method: string };
  readonly id: string;
  readonly value: unknown;
  readonly encoding: Encoding;
  readonly garbage: Uint8Array;
  /** 0 normal; 1 a foreign Host; 2 a wrong token (rare: the limiter would then answer 429 for a while). */
  readonly headerTwist: number;
}

const bridgeArgs: fc.Arbitrary<unknown> = fc.oneof(
  anyJson,
  fc.record({
    visit_id: fc.oneof(idArb, nasty),
    lines: fc.oneof(fc.constant([VALID_LINE]), fc.array(nasty, { maxLength: 3 })),
  }),
  fc.record({ psn_no: nasty, certno: nasty }),
  fc.record({
    upstream: fc.record({
      url: fc.oneof(fc.constantFrom('http://8.8.8.8', 'http://10.0.0.1:1', 'ftp://x'), nastyString),
    }),
  }),
);

export const fuzzCaseArb: fc.Arbitrary<FuzzCase> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.nat({ max: API_ROUTES.length - 1 }).chain((route) => {
      const r = API_ROUTES[route];
      return fc.record({
        target: fc.constant({ kind: 'api' as const, route }),
        id: idArb,
        value: r?.body ? mutate(r.body) : fc.constant(undefined),
        encoding: encodingArb,
        garbage: fc.uint8Array({ maxLength: 64 }),
        headerTwist: fc.nat({ max: 99 }).map((n) => (n < 3 ? 1 : n < 4 ? 2 : 0)),
      });
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      target: fc
        .constantFrom(...BRIDGE_METHODS, 'noSuchMethod', '%E0%A4%A')
        .map((method) => ({ kind: 'bridge' as const, method })),
      id: fc.constant(''),
      value: bridgeArgs,
      encoding: encodingArb,
      garbage: fc.uint8Array({ maxLength: 64 }),
      headerTwist: fc.nat({ max: 99 }).map((n) => (n < 3 ? 1 : 0)),
    }),
  },
);

/** Codes of a refusal that must have changed nothing stored. */
const REFUSAL_STATUSES = new Set([400, 401, 403, 404, 405, 413, 415, 429]);

/** Row counts of every table of a SQLite file (read-only; WAL readers do not block the writer). */
function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    const tables = rows.map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

/** What a run saw, for the report. */
export interface FuzzStats {
  runs: number;
  byStatus: Record<number, number>;
  peakHeapMb: number;
}

/** Sends one case and checks the answer and the stores; throws (fails the property) on a violation. */
export async function runCase(c: MemoryChild, k: FuzzCase, stats: FuzzStats): Promise<void> {
  const adapterDb = join(c.dataDir, 'adapter.db');
  const ledgerDb = join(c.dataDir, 'sandbox', 'sandbox.db');
  const before = { adapter: rowCounts(adapterDb), ledger: rowCounts(ledgerDb) };
  const api = new URL(c.api);
  const isApi = k.target.kind === 'api';
  const route = k.target.kind === 'api' ? API_ROUTES[k.target.route] : undefined;
  const method = route?.method ?? 'POST';
  const path = k.target.kind === 'api' ? (route?.path(k.id) ?? '/') : `/bridge/${k.target.method}`;
  const token = isApi ? c.token : c.uiToken;
  const bytes = method === 'GET' ? undefined : encode(k.value, k.encoding, k.garbage);
  const headers: Record<string, string> = {
    Host: k.headerTwist === 1 ? 'evil.example' : api.host,
    Authorization: `Bearer ${k.headerTwist === 2 ? 'wrong-token-for-fuzz' : token}`,
    'Content-Type': 'application/json',
    ...(bytes && k.encoding === 'chunked' ? { 'Transfer-Encoding': 'chunked' } : {}),
  };
  const answer: RawAnswer = await rawRequest({
    url: c.api,
    method,
    path,
    headers,
    ...(bytes === undefined
      ? {}
      : k.encoding === 'chunked'
        ? {
            body: (write: (b: Buffer) => boolean, end: () => void) => {
              write(bytes.subarray(0, bytes.length >> 1));
              write(bytes.subarray(bytes.length >> 1));
              end();
            },
          }
        : { body: bytes }),
  });
  stats.runs++;
  stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
  const where = `${method} ${path.slice(0, 80)} (${k.encoding}) → ${answer.status} ${answer.text.slice(0, 200)}`;
  if (!c.alive()) throw new Error(`the product died: ${where}`);
  const json = answer.json as { error?: { code?: unknown }; ok?: unknown } | null;
  if (json === null) throw new Error(`not JSON: ${where}`);
  const code = isApi
    ? json.error?.code
    : json.ok === false
      ? (json.error as { code?: unknown } | undefined)?.code
      : undefined;
  if (answer.status >= 500 && !(answer.status === 503 && code === 'SERVER_BUSY'))
    throw new Error(`server error: ${where}`);
  if (answer.status >= 400 && typeof code !== 'string') throw new Error(`error without a code: ${where}`);
  // A refused request (or a bridge call refused as input) stored nothing, here or at the platform.
  const refusedCall =
    !isApi &&
    json.ok === false &&
    ['BAD_REQUEST', 'BAD_AMOUNT', 'NOT_FOUND_ROUTE', 'UNAUTHORIZED'].includes(String(code));
  const refused = REFUSAL_STATUSES.has(answer.status) || refusedCall;
  if (refused) {
    const after = { adapter: rowCounts(adapterDb), ledger: rowCounts(ledgerDb) };
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new Error(
        `a refused request changed the stores: ${where}\n${JSON.stringify(before)}\n${JSON.stringify(after)}`,
      );
    }
  }
}

/**
 * Waits until the product is quiet (training mode syncs the catalog and seeds the inbox at start):
 * the row counts of both stores unchanged over three readings 300 ms apart (bounded to 60 s).
 */
export async function waitQuiet(c: MemoryChild): Promise<void> {
  const read = () =>
    JSON.stringify([rowCounts(join(c.dataDir, 'adapter.db')), rowCounts(join(c.dataDir, 'sandbox', 'sandbox.db'))]);
  let last = '';
  let same = 0;
  for (let i = 0; i < 200 && same < 3; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}
