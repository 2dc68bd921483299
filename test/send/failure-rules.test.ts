import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideOnFailure, type FailureContext, type FailureDecision, namesDevice, refusalNames } from '../../src/send/failure-rules.js';
import { pcError } from './fake-api.js';

const SEVERAL: FailureContext = { devices: 10, aborted: false };
const ONE: FailureContext = { devices: 1, aborted: false };

interface Case {
  name: string;
  error: unknown;
  context: FailureContext;
  expected: FailureDecision;
}

// Written out, not taken from the code: what a user reads in Detail is the contract, and a test that
// built it from the code's own constant would pass whatever the constant said.
const RESEND = 'running the same command again re-sends it under the same MS-RequestId, so the service applies it at most once';

const refused = (status: number) =>
  pcError({ kind: 'http', status, code: `E${status}`, description: `the service says ${status}` });

const cases = [
  {
    name: '400 on several devices: split, keeping the refusal to compare the halves by',
    error: refused(400),
    context: SEVERAL,
    expected: { action: 'split', refusal: { httpStatus: 400, errorCode: 'E400', detail: 'the service says 400', data: [] } },
  },
  {
    name: '400 on one device: that device fails with the service words',
    error: refused(400),
    context: ONE,
    expected: { action: 'fail', definitive: true, httpStatus: 400, errorCode: 'E400', detail: 'the service says 400' },
  },
  {
    name: '403: the chunk fails with the service\'s words and what the sign-in lacks',
    error: refused(403),
    context: SEVERAL,
    expected: {
      action: 'fail', definitive: true, httpStatus: 403, errorCode: 'E403',
      detail: 'the service says 403 (HTTP 403): the signed-in user or app may not change this customer\'s devices: it needs the Admin agent role ' +
        'in your partner tenant, and the customer a delegated admin relationship with you; fix that, then feed the results file back',
    },
  },
  ...[404, 409].map((status): Case => ({
    name: `${status}: the chunk fails, not split`,
    error: refused(status),
    context: SEVERAL,
    expected: { action: 'fail', definitive: true, httpStatus: status, errorCode: `E${status}`, detail: `the service says ${status}` },
  })),
  {
    name: '503 after the client gave up retrying',
    error: pcError({ kind: 'http', status: 503, description: 'Service Unavailable', attempts: 6 }),
    context: SEVERAL,
    expected: { action: 'fail', definitive: false, httpStatus: 503, detail: `HTTP 503: Service Unavailable (after 6 attempts); ${RESEND}` },
  },
  {
    name: '429 after the client gave up retrying: its code, the status again, is not said twice',
    error: pcError({ kind: 'http', status: 429, code: '429', description: 'Rate limit is exceeded.', attempts: 6 }),
    context: SEVERAL,
    expected: { action: 'fail', definitive: false, httpStatus: 429, errorCode: '429', detail: `HTTP 429: Rate limit is exceeded. (after 6 attempts); ${RESEND}` },
  },
  {
    name: 'timeout',
    error: pcError({ kind: 'timeout', message: 'no answer within 60 s', attempts: 6 }),
    context: SEVERAL,
    expected: { action: 'fail', definitive: false, detail: `no answer in time (after 6 attempts): no answer within 60 s; the service may have applied it: ${RESEND}` },
  },
  {
    name: 'network',
    error: pcError({ kind: 'network', message: 'ECONNRESET', attempts: 3 }),
    context: SEVERAL,
    expected: { action: 'fail', definitive: false, detail: `network error (after 3 attempts): ECONNRESET; the service may have applied it: ${RESEND}` },
  },
  {
    name: '401 whose body\'s code is the status again: said once',
    error: pcError({ kind: 'http', status: 401, code: '401', description: 'token expired' }),
    context: SEVERAL,
    expected: { action: 'stop', reason: 'sign-in was refused (HTTP 401: token expired)' },
  },
  {
    name: '401 after the refresh: stop the run',
    error: pcError({ kind: 'http', status: 401, code: 'Unauthorized', description: 'token expired' }),
    context: SEVERAL,
    expected: { action: 'stop', reason: 'sign-in was refused (HTTP 401 Unauthorized: token expired)' },
  },
  {
    name: 'no token to be had: stop the run',
    error: pcError({ kind: 'auth', message: 'AADSTS7000215: Invalid client secret' }),
    context: SEVERAL,
    expected: { action: 'stop', reason: 'sign-in failed (AADSTS7000215: Invalid client secret)' },
  },
  {
    name: 'aborted: interrupted, not sent',
    error: pcError({ kind: 'aborted' }),
    context: SEVERAL,
    expected: { action: 'interrupted' },
  },
  {
    name: 'after a hard abort, a bare AbortError means not sent',
    error: new DOMException('This operation was aborted', 'AbortError'),
    context: { devices: 3, aborted: true },
    expected: { action: 'interrupted' },
  },
  {
    name: 'after a hard abort, a real answer still decides',
    error: refused(404),
    context: { devices: 3, aborted: true },
    expected: { action: 'fail', definitive: true, httpStatus: 404, errorCode: 'E404', detail: 'the service says 404' },
  },
  {
    name: 'something that is not a Partner Center error fails the rows, saying what it was',
    error: new TypeError('boom'),
    context: SEVERAL,
    expected: { action: 'fail', definitive: false, detail: 'unexpected error: boom' },
  },
] satisfies Case[];

for (const c of cases) {
  test(c.name, () => {
    const decision = decideOnFailure(c.error, c.context);
    // Absent and undefined fields read the same in the results file.
    assert.deepEqual(JSON.parse(JSON.stringify(decision)), c.expected);
  });
}

const namedCases = [
  { name: 'the ID on its own is named', text: 'Device DEV-1: policy P was not found.', device: 'DEV-1', named: true },
  { name: 'an ID inside a longer one is not (DEV-1 in DEV-10)', text: 'Device DEV-10 refused', device: 'DEV-1', named: false },
  { name: 'the tail of a longer ID is not (DEV-1 in X-DEV-1)', text: 'Device X-DEV-1: policy P was not found.', device: 'DEV-1', named: false },
  { name: 'the head of a longer ID is not (DEV-1 in DEV-1-B)', text: 'Device DEV-1-B refused', device: 'DEV-1', named: false },
  { name: 'an ID joined to more by a dot is not (DEV-1 in DEV-1.5)', text: 'Device DEV-1.5 refused', device: 'DEV-1', named: false },
  { name: 'an ID that ends a sentence is', text: 'Refused: device DEV-1.', device: 'DEV-1', named: true },
  { name: 'an ID after a colon is', text: 'Device:DEV-1 refused', device: 'DEV-1', named: true },
  { name: 'letters beyond ASCII continue an ID (DEV-1 in DEV-1é)', text: 'Device DEV-1é refused', device: 'DEV-1', named: false },
  { name: 'the longer ID itself is', text: 'Device DEV-10 refused', device: 'DEV-10', named: true },
  { name: 'at the very start and end of the words', text: '9993-8627-3608-6844-6369-4361-72', device: '9993-8627-3608-6844-6369-4361-72', named: true },
  { name: 'quoted, or in a list', text: 'devices "A1", A2 are not registered', device: 'A2', named: true },
  { name: 'a device not mentioned', text: 'The request is not valid', device: 'DEV-1', named: false },
  { name: 'an empty ID names nothing', text: 'anything', device: '', named: false },
] satisfies Array<{ name: string; text: string; device: string; named: boolean }>;

for (const c of namedCases) {
  test(`namesDevice: ${c.name}`, () => {
    assert.equal(namesDevice(c.text, c.device), c.named);
  });
}

const dataCases = [
  { name: 'an entry of data that is the ID names it', data: ['DEV-1'], detail: 'Some devices are not valid', device: 'DEV-1', named: true },
  { name: 'an entry of data naming it among other words names it', data: ['Device DEV-1 is not registered'], detail: 'invalid', device: 'DEV-1', named: true },
  { name: 'an entry of data that holds a longer ID does not', data: ['X-DEV-1'], detail: 'Some devices are not valid', device: 'DEV-1', named: false },
  { name: 'with empty data, the description decides', data: [], detail: 'Device DEV-1 refused', device: 'DEV-1', named: true },
] satisfies Array<{ name: string; data: string[]; detail: string; device: string; named: boolean }>;

for (const c of dataCases) {
  test(`refusalNames: ${c.name}`, () => {
    assert.equal(refusalNames({ detail: c.detail, data: c.data }, c.device), c.named);
  });
}
