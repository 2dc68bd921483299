// The order of the request policies, stated once. Outermost first:
//   error mapping  – turns the final outcome into one PartnerCenterError
//   retry          – one loop over attempts, same MS-RequestId each time
//   endpoint       – no token to an unsafe host or to one other than the endpoint
//   timeout        – per attempt, body included; ends the attempt even if fetch ignores its signal
//   transport      – ky: bearer (beforeRequest), one fresh-token re-send on 401 (afterResponse,
//                    renewable tokens only), the proxy, and a fetch that logs every HTTP send
import type { NormalizedClientOptions } from './options.js';
import { endpointPolicy } from './policies/auth.js';
import { errorMappingPolicy } from './policies/error-mapping.js';
import { composePolicies, type Next } from './policies/policy.js';
import { retryPolicy } from './policies/retry.js';
import { timeoutPolicy } from './policies/timeout.js';
import { createTransport } from './transport.js';

export function createPipeline(options: NormalizedClientOptions): Next {
  return composePolicies(
    [
      errorMappingPolicy({ tokenDescription: options.tokens.description, maxRetryAfterMs: options.maxRetryAfterMs, now: options.now, proxies: options.proxies }),
      retryPolicy(options),
      endpointPolicy(options.endpoint),
      timeoutPolicy(options.timeoutMs),
    ],
    createTransport(options),
  );
}
