// The library: the pipeline's stages, the Partner Center client and the simulator, importable one by
// one. The CLI (src/cli) is a thin layer over these.
export * from './model.js';
export { VERSION } from './version.js';

// read → map → validate → plan
export { openTable, type OpenOptions, type OpenedTable } from './read/index.js';
export { InputError, isInputError, type InputErrorCode } from './read/errors.js';
export { mapColumns, parseMapOptions, headerCheck, missingFields, toMappedRow } from './map/columns.js';
export { validateRow, normaliseGuid, parsePolicyOption } from './validate/index.js';
// resolve: serial numbers, product keys, hashes and policy names → IDs
export { DeviceIndex, PolicyIndex, listsNeeded, resolveRows, fetchLists, type CustomerLists, type DeviceNotFound, type Resolution } from './resolve/index.js';
export { planRows, summarisePlan } from './plan/index.js';
// register (--register): devices the service does not know yet, uploaded into a batch
export { registrationOf, planUploads, registerDevices, uploadReader, type RegistrationCandidate, type RegistrationPlan, type RegisterReport } from './register/index.js';

// send
export { sendChunks, createAdaptiveLimit, type SendOptions, type SendReport, type ItemOutcome, type AdaptiveLimit } from './send/index.js';
export { createPartnerCenterClient } from './partner-center/client.js';
export type { ClientOptions } from './partner-center/options.js';
export { assertSafeEndpoint } from './partner-center/safe-endpoint.js';
export type { PartnerCenterApi, DeviceAssignment, DeviceRegistration, UpdateResult, ExchangeRecord, ClientEvents, TokenSource } from './partner-center/contract.js';
export { PartnerCenterError, isPartnerCenterError } from './partner-center/errors.js';
export * as wire from './partner-center/wire.js';
export { createTokenSource, AUTH_MODES, type AuthMode } from './auth/token-source.js';

// record and track
export { writeResultsFile, readResultsFile, resultsFormat, type ResultsTable, type ResultRow } from './record/results-file.js';
export { renderReport } from './record/report.js';
export { trackJobs, trackRows, runStatus, describeDeviceError, KNOWN_DEVICE_ERRORS } from './track/index.js';

// the jobs
export { applyFile, runApply, type ApplyDeps, type ApplyOutcome } from './apply/run.js';
export type { ApplyOptions } from './apply/options.js';
export { startSimulator, type Simulator, type SimulatorOptions, type SimulatorData } from './simulator/index.js';
export { writeTemplate } from './template/index.js';
