export { DeviceIndex, type DeviceMatch, type IndexedDevice } from './device-index.js';
export { PolicyIndex, type PolicyMatch } from './policy-index.js';
export { searchKey, SEARCH_KEYS, type SearchKey } from './keys.js';
export {
  listsNeeded,
  resolveRows,
  type CustomerLists,
  type DeviceNotFound,
  type ListsNeeded,
  type Resolution,
  type ResolvedIds,
  type ResolveSettings,
} from './resolve-rows.js';
export { fetchLists, type FetchListsDeps, type LookupProgress } from './fetch-lists.js';
