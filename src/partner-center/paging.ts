// Which page of a listing comes next, and when a listing must stop (SPEC §1 paging, §2 Safety). Rules
// only: the client's loop asks, sends and reads. The docs say the next page is asked for by sending the
// body's `continuationToken` back as the MS-ContinuationToken header; other Partner Center collections
// name it in `links.next` ({uri, method, headers}). Both are followed, `links.next` first. A service that
// names pages forever must not be followed forever: a token or link seen twice, an empty page that names
// a next one, or more pages than the listing's count can fill, each ends the listing with an error.
import { batchJobUriFromLocation } from './batch-job-uri.js';
import type { Page } from './responses.js';

/** Pages of a listing whose size nothing states (policies, batches; devices of a batch without a count). */
export const UNCOUNTED_PAGE_LIMIT = 1000;

/** Headers a link may not set: the bearer, the framing and the headers every request of the client carries. */
const RESERVED_HEADERS = new Set([
  'authorization', 'host', 'content-length', 'cookie', 'transfer-encoding', 'connection',
  'accept', 'content-type', 'ms-requestid', 'ms-correlationid', 'ms-partnercenter-application', 'x-locale', 'ms-contract-version',
]);

export interface PagingSettings {
  /** The API base: a next link is followed only on its origin. */
  endpoint: string;
  /** How many items the listing should hold, when something says so (a batch's `devicesCount`). */
  expectedCount?: number | undefined;
}

export type NextStep =
  | { kind: 'done' }
  | { kind: 'follow'; url: string; headers: Record<string, string> }
  /** The answer cannot be paged on safely: why, for the listing's error. */
  | { kind: 'broken'; problem: string };

/**
 * One listing's paging: `next(page, url)` for each page read, in order. `url` is the page's own request
 * URL (a token is sent back to it).
 */
export class Pager {
  private readonly seen = new Set<string>();
  private pages = 0;
  private firstPageSize = 0;
  private limit = UNCOUNTED_PAGE_LIMIT;

  constructor(private readonly settings: PagingSettings) {}

  /** Pages read so far. */
  get read(): number {
    return this.pages;
  }

  next(page: Page, url: string): NextStep {
    this.pages++;
    if (this.pages === 1) this.firstPage(page);
    const step = this.step(page, url);
    if (step.kind !== 'follow') return step;
    const key = `${step.url}\n${Object.entries(step.headers).map(([k, v]) => `${k.toLowerCase()}:${v}`).sort().join('\n')}`;
    if (this.seen.has(key)) return { kind: 'broken', problem: `page ${this.pages} named a next page it had named before (${describeNext(page)}): following it would never end` };
    this.seen.add(key);
    if (page.items.length === 0) return { kind: 'broken', problem: `page ${this.pages} was empty but named a next page` };
    if (this.pages >= this.limit) {
      return { kind: 'broken', problem: `page ${this.pages} named yet another page, more than ${this.limitReason()}` };
    }
    return step;
  }

  /**
   * The bound: ceil(count / page size) + 1 pages, where the count is the batch's devicesCount, or a
   * totalCount larger than the first page (then it is the whole listing's, not the page's). The page
   * size is the first page's (100 on the live service), so a smaller page is not mistaken for a loop.
   */
  private firstPage(page: Page): void {
    this.firstPageSize = page.items.length;
    const total = page.totalCount !== undefined && page.totalCount > page.items.length ? page.totalCount : undefined;
    const counted = Math.max(this.settings.expectedCount ?? 0, total ?? 0);
    if (counted > 0 && this.firstPageSize > 0) this.limit = Math.ceil(counted / this.firstPageSize) + 1;
  }

  private limitReason(): string {
    if (this.limit === UNCOUNTED_PAGE_LIMIT) return `the ${UNCOUNTED_PAGE_LIMIT} pages any listing is allowed`;
    return `the ${this.limit} pages of ${this.firstPageSize} that its count of items fills (and one more)`;
  }

  private step(page: Page, url: string): NextStep {
    if (page.nextLink !== undefined) {
      const link = page.nextLink;
      if (link.method !== undefined && link.method.toUpperCase() !== 'GET') return { kind: 'broken', problem: `its next page is to be asked for with ${link.method}, not GET` };
      const target = linkUrl(this.settings.endpoint, link.uri);
      if (target === undefined) return { kind: 'broken', problem: `its next page's link is not a URI: ${link.uri}` };
      if (new URL(target).origin !== new URL(this.settings.endpoint).origin) {
        return { kind: 'broken', problem: `its next page is on another host (${new URL(target).host}), where the token may not go` };
      }
      const headers: Record<string, string> = {};
      for (const { key, value } of link.headers ?? []) {
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key) || /[\r\n\0]/.test(value)) return { kind: 'broken', problem: `its next page's link carries a header that cannot be sent (${JSON.stringify(key)})` };
        if (!RESERVED_HEADERS.has(key.toLowerCase())) headers[key] = value;
      }
      return { kind: 'follow', url: target, headers };
    }
    if (page.continuationToken !== undefined) {
      if (/[\r\n\0]/.test(page.continuationToken)) return { kind: 'broken', problem: 'its continuation token cannot be sent as a header' };
      return { kind: 'follow', url, headers: { 'MS-ContinuationToken': page.continuationToken } };
    }
    return { kind: 'done' };
  }
}

/**
 * A next link as an absolute URL. Partner Center's links are paths without the `/v1` their GET needs, as
 * its Locations are (`/customers/…?seekOperation=Next`); an absolute one is taken as it is.
 */
function linkUrl(endpoint: string, uri: string): string | undefined {
  try {
    return new URL(batchJobUriFromLocation(endpoint, uri)).href;
  } catch {
    return undefined;
  }
}

function describeNext(page: Page): string {
  return page.nextLink !== undefined ? `links.next ${page.nextLink.uri}` : 'the same continuation token';
}
