// Per-device errors of a batch job, in words an onboarding team can act on. The service gives a code
// and a terse description; the ticket needs to say what happened and what to do next.
import type { DeviceStatusEntry } from '../partner-center/wire.js';

export interface KnownDeviceError {
  /** The service's name for the error, as it appears in `errorCode` or `errorDescription`. */
  name: string;
  /** Numeric codes the service uses for it, as text (`errorCode` may be a number or a string). */
  codes: readonly string[];
  /** What happened and the next step, in plain words. */
  explanation: string;
  /**
   * Where the code is known from, when not from Microsoft's support articles (SPEC §1: 806 and 808 are
   * confirmed there; 807, 809 and 812 only by a draft Microsoft page). Said after the explanation.
   */
  source?: 'draft';
}

/** What a code known only from the draft page says of itself. */
const DRAFT_NOTE = '(The code is as Microsoft\'s draft documentation reports it.)';

// To add an error: one entry. Order matters only when one name contains another: the first match wins.
export const KNOWN_DEVICE_ERRORS: readonly KnownDeviceError[] = [
  {
    name: 'ZtdDeviceAssignedToOtherTenant',
    codes: ['808'],
    explanation:
      'the device is registered to another tenant. That tenant (or the OEM/reseller that registered it) ' +
      'must deregister it before it can be assigned here; then send it again.',
  },
  {
    name: 'ZtdDeviceAlreadyAssigned',
    codes: ['806'],
    explanation:
      'the device is already registered. Check whether it is already in this customer’s Autopilot devices ' +
      'with this profile (then there is nothing to do); otherwise deregister it first and send it again.',
  },
  {
    name: 'ZtdDeviceIsNotRegistered',
    codes: ['807'],
    explanation:
      'the device is not registered for Autopilot with this customer. Register it first (--register, or ' +
      'upload its hardware hash in Partner Center), then assign the policy again.',
    source: 'draft',
  },
  {
    name: 'ZtdProfileIsNotRegistered',
    codes: ['809'],
    explanation:
      'the Autopilot profile is not one of this customer’s profiles (deleted, or another customer’s). ' +
      'Check the Policy ID against the customer’s profiles in Partner Center, then send the device again.',
    source: 'draft',
  },
  {
    name: 'ZtdDeviceNotFound',
    codes: ['812'],
    explanation:
      'the device is not among the customer’s registered Autopilot devices. Upload it first (hardware hash, ' +
      'or serial number with product key / manufacturer and model), then assign the policy again.',
    source: 'draft',
  },
  {
    name: 'ZtdDeviceDuplicated',
    codes: [],
    explanation:
      'the same hardware is registered more than once. Remove the duplicate registration, keep one, and ' +
      'send the device again.',
  },
  {
    name: 'InternalError',
    codes: ['500'],
    explanation: 'the service failed while processing the device. Try again later; if it persists, open a ' +
      'Partner Center support ticket quoting the tracking ID.',
  },
];

function codeText(code: DeviceStatusEntry['errorCode']): string {
  return code === null || code === undefined ? '' : String(code).trim();
}

/** The table entry for an error: by numeric code first, then by its name in the code or description. */
export function findKnownDeviceError(
  code: DeviceStatusEntry['errorCode'],
  description?: string | null,
  table: readonly KnownDeviceError[] = KNOWN_DEVICE_ERRORS,
): KnownDeviceError | undefined {
  const c = codeText(code);
  const byCode = c === '' ? undefined : table.find((e) => e.codes.includes(c));
  if (byCode) return byCode;
  const haystack = `${c} ${description ?? ''}`.toLowerCase();
  return table.find((e) => haystack.includes(e.name.toLowerCase()));
}

/**
 * `808 ZtdDeviceAssignedToOtherTenant: <service description> — <explanation>`: the code (with the name
 * when known), the service's own words, then ours. Unknown codes keep the code and description only.
 */
export function describeDeviceError(entry: DeviceStatusEntry): string {
  const code = codeText(entry.errorCode);
  const description = (entry.errorDescription ?? '').trim();
  const known = findKnownDeviceError(code, description);

  let label = code;
  if (known && !code.toLowerCase().includes(known.name.toLowerCase())) {
    label = code === '' ? known.name : `${code} ${known.name}`;
  }
  if (label === '') label = entry.status || 'error';

  // A description that only repeats the name (the simulator's style) adds nothing after the label.
  const repeats = known !== undefined && description.toLowerCase() === known.name.toLowerCase();
  const said = description === '' || repeats ? '' : description;
  const text = said !== '' ? `${label}: ${said}` : known ? label : `${label}: the service gave no error description`;
  if (known === undefined) return text;
  return known.source === 'draft' ? `${text} — ${known.explanation} ${DRAFT_NOTE}` : `${text} — ${known.explanation}`;
}
