/** Entry of `npm run admin -- …` (see admin-commands.ts). */
import { runAdmin } from './admin-commands';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('密码: ');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    const b = c as Buffer;
    chunks.push(b);
    size += b.length;
    // One line is all a password needs; stop early on a long stream.
    if (size > 4096 || b.includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await runAdmin(process.argv.slice(2), {
  readStdin,
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  now: () => Date.now(),
});
