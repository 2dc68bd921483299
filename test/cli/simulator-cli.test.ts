// `device-policy simulator` as a separate process, driven by curl with SPEC §1's documented request:
// what a user trying the simulator by hand would do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { startCli } from '../helpers/cli.js';

const run = promisify(execFile);

const DOCUMENTED_BODY =
  '{"Devices":[{"Id":"9993-8627-3608-6844-6369-4361-72","SerialNumber":null,"ProductKey":null,' +
  '"HardwareHash":null,"Policies":[{"Key":"o_o_b_e","Value":"15a04610-9229-4e80-94e0-0e826a09c9e2"}],' +
  '"CreatedBy":null,"UploadedDate":"0001-01-01T00:00:00","AllowedOperations":null,' +
  '"Attributes":{"ObjectType":"Device"}}],"Attributes":{"ObjectType":"DevicePolicyUpdateRequest"}}';

test('the documented request, sent by curl to `device-policy simulator`, gets 202 and a readable batch job', async (t) => {
  const sim = startCli(['simulator', '--token', 'curl-token', '--job-step-ms', '50']);
  t.after(() => {
    sim.kill('SIGTERM');
  });
  const [first] = (await once(sim.stdout ?? process.stdin, 'data')) as [Buffer | string];
  const url = String(first).trim().split('\n')[0] ?? '';
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'the URL alone on the first line of stdout');

  const patch = await run('curl', [
    '-sS', '-i', '-X', 'PATCH',
    `${url}/v1/customers/c7f3c849-129f-4b85-a96d-4f8e88b315a3/DevicePolicyUpdates`,
    '-H', 'Authorization: Bearer curl-token',
    '-H', 'Accept: application/json',
    '-H', 'Content-Type: application/json',
    '-H', 'MS-RequestId: 1b658428-5afa-46d4-af86-c9c6af5634e2',
    '-H', 'MS-CorrelationId: 49b1e7b2-82e7-4403-b63b-8765269b448d',
    '--data-binary', DOCUMENTED_BODY,
  ]);
  assert.match(patch.stdout, /^HTTP\/1\.1 202 /);
  const location = /^location: (.+)$/im.exec(patch.stdout)?.[1]?.trim();
  assert.match(location ?? '', /^\/customers\/c7f3c849-129f-4b85-a96d-4f8e88b315a3\/batchJobStatus\/[0-9a-f-]{36}$/);

  const job = await run('curl', ['-sS', '-H', 'Authorization: Bearer curl-token', `${url}/v1${location ?? ''}`]);
  const status = JSON.parse(job.stdout) as { batchTrackingId: string; status: string; devicesStatus: Array<{ deviceId: string }> };
  assert.equal(status.batchTrackingId, location?.split('/').pop());
  assert.ok(['queued', 'processing', 'finished'].includes(status.status));
  assert.equal(status.devicesStatus[0]?.deviceId, '9993-8627-3608-6844-6369-4361-72');

  const unauthorised = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', `${url}/v1${location ?? ''}`]);
  assert.equal(unauthorised.stdout, '401');

  sim.kill('SIGTERM');
  const ended = await sim.result;
  assert.equal(ended.code, 0, 'stops cleanly on SIGTERM');
});
