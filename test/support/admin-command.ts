/** Runs `main/app/admin.ts` (what `npm run admin` runs) as a child process, with stdin. */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './sandbox-process';

export interface AdminRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run admin -- ...args` with `stdin` (the password); `viaNpm` runs it through npm itself. */
export function runAdminCommand(args: readonly string[], stdin = '', viaNpm = false): Promise<AdminRun> {
  const child = viaNpm
    ? spawn('npm', ['run', '-s', 'admin', '--', ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', 'main/app/admin.ts', ...args], {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
