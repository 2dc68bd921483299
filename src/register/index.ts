export { registrationOf, type Registration, type RegistrationFields } from './registration.js';
export {
  planUploads,
  type CustomerRegistration,
  type RegistrationCandidate,
  type RegistrationOptions,
  type RegistrationOutcome,
  type RegistrationPlan,
  type Upload,
  type UploadItem,
} from './plan-uploads.js';
export { matchUploadEntries, uploadOutcome, uploadReader, type UploadOutcome } from './upload-outcomes.js';
export { registerDevices, type RegisterDeps, type RegisterReport, type RegisterSettings } from './register-devices.js';
