/**
 * zod must never compile validators with `new Function` in the page: the CSP forbids eval
 * (docs/architecture.md §5.7, S1). Imported first by the entry, before any schema parses. The global
 * config lives in zod's core, which every zod flavour shares.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
