/**
 * The one zod entry point of the project. Every schema module imports `z` from here, so the
 * configuration below is applied before any schema is built or parsed.
 *
 * `jitless: true`: zod must not compile validators with `new Function`, so the renderer's CSP
 * can stay free of `unsafe-eval` (docs/architecture.md §5.7).
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
