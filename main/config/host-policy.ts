/**
 * Which upstream hosts the settings screen may set without IT's explicit confirmation (hardening
 * issue item 4): loopback and the private networks (RFC 1918, IPv6 unique-local and link-local,
 * `localhost`). A public address or a DNS name could send every settlement, with personal data, to
 * somewhere else; it needs `confirm_public_host`. No DNS lookup is made (no network at settings time).
 */
import { isIP } from 'node:net';

/** True for loopback, private-network and link-local addresses and for `localhost`. */
export function isPrivateOrLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  const kind = isIP(h);
  if (kind === 4) return isPrivateV4(h);
  if (kind === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (mapped?.[1] !== undefined) return isPrivateV4(mapped[1]);
    // ::1 loopback, fc00::/7 unique-local, fe80::/10 link-local.
    return h === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h);
  }
  return false;
}

function isPrivateV4(ip: string): boolean {
  const [a = -1, b = -1] = ip.split('.').map(Number);
  return (
    a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  );
}
