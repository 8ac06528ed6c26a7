import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { fromCents, Money, normaliseAmount, toCents } from '../common/money/money';

export type Commitment = { committed: true } | { committed: false; remaining: Money };

export interface BudgetPosition {
  agencyId: string;
  currency: string;
  total: string;
  committed: string;
  remaining: string;
}

/**
 * Each agency's budget for a call, as one row per (call, agency) in call_budget: the total and the sum of the
 * agency's FUND amounts. A FUND decision is recorded only if this row can take its amount.
 *
 * Why the total is never exceeded, however many officers decide at the same moment: `commit` is one statement,
 * `UPDATE call_budget SET committed = committed + Δ WHERE ... AND committed + Δ <= total`. The UPDATE locks the
 * row until its transaction ends; a concurrent UPDATE of the same row waits for that transaction, then re-checks
 * its WHERE against the row as the first one left it (PostgreSQL re-evaluates the condition on the newest row
 * version under READ COMMITTED). So every check sees every FUND committed before it, and no two decisions can
 * spend the same headroom: the ones that do not fit update nothing and are refused. No retry loop, no
 * serialization failures, and decisions of the two agencies never wait for each other (they lock different rows).
 * The CHECK constraint `committed <= total` on the table holds the invariant even against code that forgets this.
 * Lock order, to rule out deadlocks: the call row (shared), then the proposal row, then this row; finalization
 * takes the call row exclusively and never touches this one.
 */
@Injectable()
export class BudgetLedger {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Opens both agencies' rows of a call with the call's totals; rows already open are left as they are. */
  async open(callId: string): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO call_budget (call_id, agency_id, currency, total)
       SELECT call.id, call.home_agency_id, home.currency, call.home_total_budget
         FROM call JOIN agency home ON home.id = call.home_agency_id WHERE call.id = $1
       UNION ALL
       SELECT call.id, call.partner_agency_id, partner.currency, call.partner_total_budget
         FROM call JOIN agency partner ON partner.id = call.partner_agency_id WHERE call.id = $1
       ON CONFLICT (call_id, agency_id) DO NOTHING`,
      [callId],
    );
  }

  /**
   * Moves the agency's committed amount by `deltaCents` (negative gives budget back), in the caller's transaction,
   * if the total allows it; otherwise changes nothing and says what remains.
   */
  async commit(callId: string, agencyId: string, deltaCents: bigint): Promise<Commitment> {
    if (deltaCents === 0n) return { committed: true };
    const update = () =>
      this.txHost.tx.query<[{ committed: string }[], number]>(
        `UPDATE call_budget SET committed = committed + $3::numeric
         WHERE call_id = $1 AND agency_id = $2 AND committed + $3::numeric <= total
         RETURNING committed`,
        [callId, agencyId, fromCents(deltaCents)],
      );
    let [, updated] = await update();
    if (updated === 1) return { committed: true };
    let position = await this.position(callId, agencyId);
    if (!position) {
      // A call that reached IN_DECISION without its ledger (written by hand, or before ledgers existed).
      await this.open(callId);
      [, updated] = await update();
      if (updated === 1) return { committed: true };
      position = await this.position(callId, agencyId);
    }
    if (!position) throw new Error(`No budget of agency ${agencyId} in call ${callId}`);
    return { committed: false, remaining: { amount: position.remaining, currency: position.currency } };
  }

  async position(callId: string, agencyId: string): Promise<BudgetPosition | undefined> {
    return (await this.positions(callId)).find((position) => position.agencyId === agencyId);
  }

  /** Both agencies' positions in a call (none before the decisions started). */
  async positions(callId: string): Promise<BudgetPosition[]> {
    const rows = await this.txHost.tx.query<{ agency_id: string; currency: string; total: string; committed: string }[]>(
      `SELECT agency_id, currency, total, committed FROM call_budget WHERE call_id = $1`,
      [callId],
    );
    return rows.map((row) => ({
      agencyId: row.agency_id,
      currency: row.currency,
      total: normaliseAmount(row.total),
      committed: normaliseAmount(row.committed),
      remaining: fromCents(toCents(normaliseAmount(row.total)) - toCents(normaliseAmount(row.committed))),
    }));
  }
}
