// The library: the pipeline's stages, the Partner Center client and the simulator, importable one by
// one. The CLI (src/cli) is a thin layer over these. Each name is exported from the file that defines
// it (no folder has an index of its own), so importing the library loads what these files need.
export * from './model.js';
export { VERSION } from './package/version.js';

// the results as data: their columns, the summary, the counts
export { RESULT_COLUMNS, RESOLVED_COLUMNS, REGISTERED_COLUMNS, RUNS_COLUMNS, FAILURES_COLUMNS, HASH_COLUMNS, INPUT_CHECK_COLUMN, type ResultColumn } from './results/columns.js';
export type { RunSummary, RunRecord, CustomerSummary } from './results/run-summary.js';
export { emptyByStatus, emptyDevices } from './results/counts.js';

// read → map → validate → plan
export { openTable, type OpenOptions, type OpenedTable } from './read/open-table.js';
export { InputError, isInputError, type InputErrorCode } from './read/errors.js';
export { mapColumns, parseMapOptions, headerCheck, missingFields, toMappedRow } from './map/columns.js';
export { validateRow } from './validate/rules.js';
export { normalizeGuid } from './validate/guid.js';
/** @deprecated The same function, under the name it had before the code took one spelling (`normalize`). */
export { normalizeGuid as normaliseGuid } from './validate/guid.js';
export { parsePolicyOption } from './validate/policy-option.js';
// resolve: serial numbers, product keys, hashes and policy names → IDs
export { DeviceIndex } from './resolve/device-index.js';
export { PolicyIndex } from './resolve/policy-index.js';
export { listsNeeded, resolveRows, type DeviceNotFound, type Resolution } from './resolve/resolve-rows.js';
export type { CustomerLists } from './resolve/customer-lists.js';
export { fetchLists } from './resolve/fetch-lists.js';
export { planRows } from './plan/plan.js';
export { summarisePlan } from './plan/summary.js';
// register (--register): devices the service does not know yet, uploaded into a batch
export { registrationOf } from './register/registration.js';
export { planUploads, type RegistrationCandidate, type RegistrationPlan } from './register/plan-uploads.js';
export { registerDevices, type RegisterReport } from './register/register-devices.js';
export { uploadReader } from './register/upload-outcomes.js';
// what a run keeps from before, and sends again
export { KEPT_STATUSES } from './journal/resume.js';

// send
export { sendChunks } from './send/scheduler.js';
export { createAdaptiveLimit, type AdaptiveLimit } from './send/adaptive-limit.js';
export type { SendOptions } from './send/options.js';
export type { SendReport, ItemOutcome } from './send/outcomes.js';
export { createPartnerCenterClient } from './partner-center/client.js';
export type { ClientOptions } from './partner-center/options.js';
export { assertSafeEndpoint } from './partner-center/safe-endpoint.js';
export type { PartnerCenterApi, DeviceAssignment, DeviceRegistration, UpdateResult, ExchangeRecord, ClientEvents, TokenSource } from './partner-center/contract.js';
export { PartnerCenterError, isPartnerCenterError } from './partner-center/errors.js';
export * as wire from './partner-center/wire.js';
export { createTokenSource, AUTH_MODES, type AuthMode } from './auth/token-source.js';

// record, report and track
export { writeResultsFile, readResultsFile, resultsFormat, type ResultsTable, type ResultRow } from './record/results-file.js';
export { renderReport } from './report/report.js';
export { trackJobs } from './track/tracker.js';
export { trackRows } from './track/track-rows.js';
export { describeDeviceError, KNOWN_DEVICE_ERRORS } from './track/device-errors.js';

// the jobs
export { applyFile, runApply, type ApplyDeps, type ApplyOutcome } from './apply/run.js';
export type { ApplyOptions } from './apply/options.js';
export { runStatus } from './status/update-results.js';
export { startSimulator, type Simulator } from './simulator/start.js';
export type { SimulatorOptions } from './simulator/options.js';
export type { SimulatorData } from './simulator/data.js';
export { writeTemplate } from './template/write.js';
