/** A numbered schema step (docs/architecture.md §5.8): files 0010-…, 0020-… in steps of 10. */
import type { SqliteDb } from '../sqlite-database';

export interface Migration {
  /** The schema version after this step; tracked in `PRAGMA user_version`. */
  readonly version: number;
  readonly name: string;
  /** Applies the step; runs inside the migration transaction. */
  up(db: SqliteDb): void;
}
