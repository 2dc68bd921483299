// What the registration step hands on (apply/register-stage.ts), apart from the step itself: a run
// without --register uses NOTHING_REGISTERED and never loads the registration modules.
import type { RowResult } from '../model.js';
import type { CustomerRegistration } from '../register/plan-uploads.js';

export interface RegisterStage {
  /** Rows whose device this run registered, by row index: the batch (the `Registered` column). */
  registered: Map<number, string>;
  /** Rows whose result registration decided (failed, not-sent; in a dry run, planned), by row index. */
  decided: Map<number, RowResult>;
  /** Per customer: how many devices are (or would be) registered, into which batch. */
  perCustomer: CustomerRegistration[];
  /** Upload requests sent (a dry run: that would be sent), per customer. */
  requestsByCustomer: Map<string, number>;
  /** Rows whose upload got no final answer: the journal is kept for the next run. */
  unsettled: number;
  stoppedBecause: string | undefined;
  /** Set when the endpoint never answered an upload (DNS, refused, TLS): exit 2, as for sending. */
  unreachable: string | undefined;
  /** Listing requests made to find the devices upload jobs registered without naming their IDs. */
  lookups: number;
}

export const NOTHING_REGISTERED: RegisterStage = {
  registered: new Map(),
  decided: new Map(),
  perCustomer: [],
  requestsByCustomer: new Map(),
  unsettled: 0,
  stoppedBecause: undefined,
  unreachable: undefined,
  lookups: 0,
};

