// Counts for the dry run's plan printout and the summary's `requests` (requests that would be sent).
import type { Plan, PlannedOutcome } from '../model.js';

export type PlannedStatus = PlannedOutcome['status'];

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
  const byStatus: Record<PlannedStatus, number> = { planned: 0, invalid: 0, duplicate: 0, kept: 0, unchanged: 0 };
  for (const outcome of plan.outcomes) byStatus[outcome.status]++;
  const perCustomer = new Map<string, { customer: string; devices: number; requests: number }>();
  for (const customer of plan.customers) perCustomer.set(customer, { customer, devices: 0, requests: 0 });
  for (const chunk of plan.chunks) {
    const entry = perCustomer.get(chunk.customer);
    if (entry === undefined) continue;
    entry.devices += chunk.items.length;
    entry.requests++;
  }
  return {
    rows: plan.outcomes.length,
    byStatus,
    customers: plan.customers.length,
    requests: plan.chunks.length,
    perCustomer: [...perCustomer.values()],
  };
}
