// Counts for the dry run's plan printout and the summary's `requests` (requests that would be sent).
import type { Plan, PlannedStatus } from '../model.js';

export type { PlannedStatus };

export interface PlanSummary {
  rows: number;
  /** Every status present, zero when no row has it. */
  byStatus: Record<PlannedStatus, number>;
  /** Customers with rows to send. */
  customers: number;
  /** Requests the plan needs: one per chunk. */
  requests: number;
  /** Per customer with rows to send, in plan order. */
  perCustomer: Array<{ customer: string; devices: number; requests: number }>;
}

export function summarisePlan(plan: Plan): PlanSummary {
  return {
    rows: plan.rows,
    byStatus: { ...plan.byStatus },
    customers: plan.customers.length,
    requests: plan.perCustomer.reduce((n, c) => n + c.requests, 0),
    perCustomer: plan.perCustomer.map((c) => ({ ...c })),
  };
}
