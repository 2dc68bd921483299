import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusEndpoint, type EndpointChoice } from '../../src/status/endpoint.js';

const PROD = 'https://api.partnercenter.microsoft.com';

test('the recorded endpoint is followed only to this machine; the user’s own always wins', () => {
  const cases: Array<[string, Omit<EndpointChoice, 'fallback'>, string]> = [
    ['recorded simulator', { given: undefined, recorded: 'http://127.0.0.1:4010' }, 'http://127.0.0.1:4010'],
    ['recorded localhost, trailing slash', { given: undefined, recorded: 'http://localhost:4010/' }, 'http://localhost:4010'],
    ['recorded IPv6 loopback', { given: undefined, recorded: 'http://[::1]:4010' }, 'http://[::1]:4010'],
    // A file must not be able to send the token to a host it names, https or not.
    ['recorded remote host', { given: undefined, recorded: 'https://evil.example' }, PROD],
    ['recorded look-alike', { given: undefined, recorded: 'http://127.0.0.1.evil.example' }, PROD],
    ['recorded garbage', { given: undefined, recorded: 'not a url' }, PROD],
    ['nothing recorded', { given: undefined, recorded: undefined }, PROD],
    ['given beats recorded', { given: 'https://pc.contoso.test/', recorded: 'http://127.0.0.1:4010' }, 'https://pc.contoso.test'],
    ['given beats production', { given: 'http://127.0.0.1:9', recorded: 'https://api.partnercenter.microsoft.com' }, 'http://127.0.0.1:9'],
    ['empty given counts as not given', { given: '', recorded: 'http://127.0.0.1:4010' }, 'http://127.0.0.1:4010'],
  ];
  for (const [name, choice, expected] of cases) assert.equal(statusEndpoint({ ...choice, fallback: PROD }), expected, name);
});
