// A call as the router and the handlers see it: the request, read whole, and what answering it needs
// (the data, the jobs, the uploads, the options). Its own module, so that the router and the handlers
// it calls each import it rather than each other.
import type { Catalog } from './catalog.js';
import type { JobStore } from './jobs.js';
import type { ResolvedOptions } from './options.js';
import type { Uploads } from './uploads.js';

export interface RouteContext {
  catalog: Catalog;
  jobs: JobStore;
  uploads: Uploads;
  options: ResolvedOptions;
}

export interface IncomingCall {
  method: string;
  /** The request target, path and query, as received. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}
