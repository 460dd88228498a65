/**
 * zod for the sandbox, configured once at module load to run without code generation
 * (docs/architecture.md §5.7: no eval, so no `unsafe-eval`). Import `z` from here, never from 'zod'.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
