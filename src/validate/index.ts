export { normaliseGuid } from './guid.js';
export { validateRow, describeIdentifiers, lookupDetail, MAX_DEVICE_ID_LENGTH, type RowDefaults } from './rules.js';
export { parsePolicyOption, policyRef, type PolicyRef } from './policy-option.js';
export { STORED_AS_NUMBER } from './messages.js';
