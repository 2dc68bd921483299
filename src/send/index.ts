export { createAdaptiveLimit, type AdaptiveLimit, type AdaptiveLimitOptions } from './adaptive-limit.js';
export { decideOnFailure, type FailureDecision, type FailureContext } from './failure-rules.js';
export type { SendOptions } from './options.js';
export type { ChunkSettled, ItemOutcome, SendProgress, SendReport } from './outcomes.js';
export { sendChunks } from './scheduler.js';
