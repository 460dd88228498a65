/**
 * Starting the adapter under the egress guard (S2, test/support/egress-guard.mjs): the node
 * arguments and environment for `startServe`, and the violations it recorded.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './sandbox-process';

/** The guard's preload. */
export const EGRESS_GUARD = path.join(REPO_ROOT, 'test', 'support', 'egress-guard.mjs');

/** `startServe` extras that allow only the given upstream URLs' host:port; the log goes in `dir`. */
export function egressGuarded(
  allowUrls: readonly string[],
  dir: string,
): { nodeArgs: string[]; env: Record<string, string> } {
  const allow = allowUrls.map((u) => {
    const url = new URL(u);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  });
  return {
    nodeArgs: ['--import', EGRESS_GUARD],
    env: { EGRESS_ALLOW: allow.join(','), EGRESS_LOG: path.join(dir, 'egress.log') },
  };
}

/** The blocked connections recorded in `dir` (empty when none). */
export function egressViolations(dir: string): string[] {
  const f = path.join(dir, 'egress.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
}
