// Egress guard (S2), loaded only by tests with `node --import ./test/support/egress-guard.mjs`:
// every outbound TCP connection of the process is checked against EGRESS_ALLOW (comma-separated
// host:port); any other address is blocked and appended to the file EGRESS_LOG, which the test
// reads; allowed ones go to EGRESS_LOG.ok (proof that the guard saw the traffic). Local sockets
// (paths) are allowed. Hooking Socket.prototype.connect catches net.connect,
// http.request, axios and fetch's undici alike, since all of them end there.
import net from 'node:net';
import { appendFileSync } from 'node:fs';

const allow = new Set(
  (process.env.EGRESS_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const logFile = process.env.EGRESS_LOG ?? '';
const original = net.Socket.prototype.connect;

function targetOf(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object')
    return first.path ? null : { host: first.host ?? 'localhost', port: Number(first.port) };
  if (typeof first === 'string' && Number.isNaN(Number(first))) return null; // a local socket path
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
}

net.Socket.prototype.connect = function guardedConnect(...args) {
  const t = targetOf(args);
  if (t !== null) {
    const host = t.host === 'localhost' ? '127.0.0.1' : t.host.replace(/^\[|\]$/g, '');
    if (!allow.has(`${host}:${t.port}`)) {
      if (logFile) appendFileSync(logFile, `${host}:${t.port}\n`);
      process.nextTick(() =>
        this.destroy(Object.assign(new Error(`egress blocked: ${host}:${t.port}`), { code: 'EGRESS_BLOCKED' })),
      );
      return this;
    }
    if (logFile) appendFileSync(`${logFile}.ok`, `${host}:${t.port}\n`);
  }
  return original.apply(this, args);
};
