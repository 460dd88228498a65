/**
 * Electron fuses (S1) as packaging sets them: the `electronFuses` of electron-builder.yml go through
 * electron-builder's own fuse step (app-builder-lib's `generateFuseConfig`, then `@electron/fuses`
 * `flipFuses`) onto a stand-in binary that carries Electron's fuse wire with Electron's defaults,
 * and are read back with the documented command `npx @electron/fuses read --app <binary>` (the
 * same read IT runs on the packaged app, see main/security/README.md). Every fuse of the wire is
 * set — none left to inherit a default — to its safe value.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../support/sandbox-process';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>;
  getCurrentFuseWire(p: string): Promise<Record<string, unknown>>;
  flipFuses(p: string, c: Record<string | number, unknown>): Promise<unknown>;
};
// The package index first: its modules import each other in a cycle that only this order resolves.
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: {
    prototype: { generateFuseConfig(this: unknown, f: unknown): Promise<Record<string | number, unknown>> };
  };
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's shipped defaults, wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off, asar-only off, V8 snapshot off, file:// privileges on. */
const ELECTRON_DEFAULT_WIRE = '10110001';

/** What each fuse must read after packaging. */
const EXPECTED: Record<string, 'Enabled' | 'Disabled'> = {
  RunAsNode: 'Disabled',
  EnableCookieEncryption: 'Enabled',
  EnableNodeOptionsEnvironmentVariable: 'Disabled',
  EnableNodeCliInspectArguments: 'Disabled',
  EnableEmbeddedAsarIntegrityValidation: 'Enabled',
  OnlyLoadAppFromAsar: 'Enabled',
  LoadBrowserProcessSpecificV8Snapshot: 'Disabled',
  GrantFileProtocolExtraPrivileges: 'Disabled',
};

describe('Electron fuses in packaging (S1)', () => {
  it('electron-builder flips every fuse of the wire to its safe value, and the read-back command shows it', async () => {
    const config = yaml.load(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as {
      electronFuses: Record<string, boolean>;
    };
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    const dir = mkdtempSync(path.join(tmpdir(), 'fuses-'));
    try {
      const bin = path.join(dir, 'electron');
      writeFileSync(
        bin,
        Buffer.concat([
          Buffer.alloc(64, 7),
          Buffer.from(SENTINEL),
          Buffer.from([1, 8]),
          Buffer.from(ELECTRON_DEFAULT_WIRE),
          Buffer.alloc(64, 7),
        ]),
      );
      // strictlyRequireAllFuses: packaging must not leave any fuse of this wire at Electron's default.
      await fuses.flipFuses(bin, { ...fuseConfig, strictlyRequireAllFuses: true });
      const wire = await fuses.getCurrentFuseWire(bin);
      const names = Object.keys(EXPECTED);
      expect(Object.keys(wire).filter((k) => k !== 'version')).toHaveLength(names.length);

      const read = spawnSync(process.execPath, [require.resolve('@electron/fuses/dist/bin.js'), 'read', '--app', bin], {
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      expect(read.status, read.stderr).toBe(0);
      for (const [name, state] of Object.entries(EXPECTED))
        expect(read.stdout, name).toMatch(new RegExp(`${name} is ${state}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
