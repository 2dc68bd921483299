export { planRows, type PlanOptions } from './plan.js';
export { outcomesOf } from './planned-rows.js';
export { summarisePlan, type PlanSummary, type PlannedStatus } from './summary.js';
