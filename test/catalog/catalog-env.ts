/**
 * A catalog service on a real SQLite file in a temp folder, with a real HTTP upstream client. For
 * tests that never reach the platform, the client points at a closed loopback port and is never
 * called; the sync tests give the URL of a spawned sandbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate } from '../../main/store/migrations/run-migrations';
import { SqliteCatalogRepository } from '../../main/store/catalog-repository';
import { CatalogService, type CatalogServiceOptions } from '../../main/catalog/catalog-service';
import { createUpstreamClient, type HttpUpstreamClient } from '../../main/upstream/http-client';
import type { UpstreamOptions } from '../../main/upstream/options';
import type { CallJournal } from '../../main/upstream/ports';
import { createMemoryMsgidAllocator } from '../support/memory-msgid-allocator';

/** Options of the demo hospital (H41020200011, Kaifeng 410202). */
export function upstreamOptions(url: string): UpstreamOptions {
  return {
    url,
    timeout_ms: 5_000,
    fixmedins_code: 'H41020200011',
    fixmedins_name: '开封市示范第一医院',
    mdtrtarea_admvs: '410202',
    opter: 'OP001',
    opter_name: '信息科',
    opter_type: '1',
    infver: 'V1.0',
    recer_sys_code: 'YBXT',
  };
}

/** A mutable test clock, epoch ms. */
export interface TestClock {
  now(): number;
  set(ms: number): void;
}

/** 2026-11-20 10:00 China time. */
export const TEST_NOW = Date.parse('2026-11-20T02:00:00Z');

export function testClock(start = TEST_NOW): TestClock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
  };
}

export interface CatalogEnv {
  readonly dir: string;
  readonly file: string;
  readonly db: SqliteDb;
  readonly repo: SqliteCatalogRepository;
  readonly service: CatalogService;
  readonly client: HttpUpstreamClient;
  readonly clock: TestClock;
  readonly logs: string[];
  close(): void;
}

/** Options of {@link catalogEnv}. */
export interface CatalogEnvOptions {
  /** Upstream base URL (default: a closed loopback port, never called). */
  readonly url?: string;
  readonly journal?: CallJournal;
  readonly service?: CatalogServiceOptions;
  /** Reuse this folder's database (a restart of the adapter). */
  readonly dir?: string;
}

/** A migrated store in a temp folder and a service over it. */
export function catalogEnv(opts: CatalogEnvOptions = {}): CatalogEnv {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'catalog-'));
  const file = path.join(dir, 'adapter.db');
  const db = openSqlite(file);
  migrate(db);
  const repo = new SqliteCatalogRepository(db);
  const clock = testClock();
  const client = createUpstreamClient({
    options: upstreamOptions(opts.url ?? 'http://127.0.0.1:9'),
    msgids: createMemoryMsgidAllocator('H41020200011'),
  });
  const logs: string[] = [];
  const service = new CatalogService({
    repo,
    upstream: client,
    clock,
    ...(opts.journal !== undefined ? { journal: opts.journal } : {}),
    options: { institutionAdmdvs: '410202', ...opts.service },
    log: (l) => logs.push(l),
  });
  return {
    dir,
    file,
    db,
    repo,
    service,
    client,
    clock,
    logs,
    close: () => {
      client.close();
      db.close();
    },
  };
}

/** Removes a temp folder made by {@link catalogEnv}. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** UTF-8 bytes of a text file. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
