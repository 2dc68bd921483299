// The order of the request policies, stated once. Outermost first:
//   error mapping  – turns the final outcome into one PartnerCenterError
//   retry          – one loop over attempts, same MS-RequestId each time
//   auth           – bearer per attempt; one fresh-token re-send on 401 (renewable tokens only)
//   log            – one ExchangeRecord per HTTP send (so the 401 re-send is logged too)
//   timeout        – per attempt, body included
//   transport      – ky with its own retry/timeout off
import type { NormalizedClientOptions } from './options.js';
import { authPolicy } from './policies/auth.js';
import { errorMappingPolicy } from './policies/error-mapping.js';
import { logPolicy } from './policies/log.js';
import { composePolicies, type Next } from './policies/policy.js';
import { retryPolicy } from './policies/retry.js';
import { timeoutPolicy } from './policies/timeout.js';
import { createTransport } from './transport.js';

export function createPipeline(options: NormalizedClientOptions): Next {
  return composePolicies(
    [
      errorMappingPolicy({ tokenDescription: options.tokens.description, maxRetryAfterMs: options.maxRetryAfterMs, now: options.now }),
      retryPolicy(options),
      authPolicy(options.tokens, options.endpoint),
      logPolicy(options.events, options.now),
      timeoutPolicy(options.timeoutMs),
    ],
    createTransport(options.fetch, options.dispatcher),
  );
}
