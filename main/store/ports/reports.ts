/**
 * The store port of the monthly declaration reports: a bounded read of the settlements that may
 * have rows in a period, each with the visit fields the reports show.
 */
import type { ReportSource } from '../../domain/declaration-report';

export interface ReportRepository {
  /**
   * Settlements updated at or after `since` and created before `until` (epoch ms) — a cancel
   * updates a settlement made earlier — with their visits, oldest first, at most `limit`.
   */
  settlementsForPeriod(since: number, until: number, limit: number): Promise<ReportSource[]>;
}
