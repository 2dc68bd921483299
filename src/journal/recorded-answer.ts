// How a request ended, as the journal records it: what a later run needs to decide about its rows. The
// same for every op (policy updates, device uploads).
import type { RecordedAnswer } from './format.js';
import type { Settlement } from '../send/outcomes.js';

export function recordedAnswer(settlement: Settlement): RecordedAnswer {
  const { outcome } = settlement;
  const fields = {
    ...(outcome.status === 'failed' && outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
    ...(outcome.status === 'failed' && outcome.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}),
  };
  switch (settlement.kind) {
    case 'accepted':
      return { kind: 'accepted', httpStatus: settlement.outcome.httpStatus, batchJobUri: settlement.outcome.batchJobUri, trackingId: settlement.outcome.trackingId };
    case 'refused':
      return { kind: 'refused', ...fields, detail: settlement.outcome.detail };
    case 'transient':
      return { kind: 'transient', ...fields, detail: settlement.outcome.detail };
    case 'split':
      return { kind: 'split', ...fields, httpStatus: 400, detail: settlement.outcome.detail, items: settlement.named };
  }
}
