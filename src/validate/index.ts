export { normaliseGuid } from './guid.js';
export { validateRow, MAX_DEVICE_ID_LENGTH, type RowDefaults } from './rules.js';
export { STORED_AS_NUMBER } from './messages.js';
