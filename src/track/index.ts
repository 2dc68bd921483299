// Tracking batch jobs to completion (issue 5): the public surface for the CLI and the library.
export { KNOWN_DEVICE_ERRORS, describeDeviceError, findKnownDeviceError, type KnownDeviceError } from './device-errors.js';
export { deviceOutcomes, deviceStatusOf, isJobDone, type JobRow, type RowTracking } from './device-outcome.js';
export {
  DEFAULT_TRACK_CONCURRENCY,
  DEFAULT_WAIT_TIMEOUT_MS,
  trackJobs,
  trackSettings,
  type TrackedJob,
  type TrackOptions,
  type TrackProgress,
  type TrackReport,
  type TrackSettings,
} from './tracker.js';
export { mergeTracking, trackRows, type RowToTrack, type TrackRowsReport } from './track-rows.js';
export { countDevices, type CountedDevice, type DeviceCounts } from './device-counts.js';
export { summaryWithDevices, type SummaryRow } from './device-summary.js';
export { statusColumns, type StatusColumns } from './result-columns.js';
export { statusEndpoint, type EndpointChoice } from './status-endpoint.js';
export { describeStatus, runStatus, StatusFileError, type StatusOptions, type StatusResult } from './status-command.js';
