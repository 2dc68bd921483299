export { planRows, type PlanOptions } from './plan.js';
export { summarisePlan, type PlanSummary, type PlannedStatus } from './summary.js';
