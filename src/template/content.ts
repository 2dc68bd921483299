// What the input template holds: its columns, what each is for, and one example row for each way of
// naming a device. Kept apart from the writer so the Instructions sheet, the CSV header and the tests
// read from the same list.

export interface TemplateColumn {
  header: string;
  /** Stored as Text in the XLSX, so Excel keeps leading zeros and every digit of a long number. */
  text: boolean;
  width: number;
  /** When the column is needed, in the user's terms. */
  needed: string;
  /** What goes in it. */
  meaning: string;
}

export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  {
    header: 'Customer Name',
    text: false,
    width: 24,
    needed: 'optional',
    meaning: 'The customer’s name as you know it. Names the customer in the summary, the report and the console; never sent.',
  },
  {
    header: 'Customer ID',
    text: true,
    width: 38,
    needed: 'always (or --customer for the whole sheet)',
    meaning: 'The customer’s Microsoft Entra tenant ID: a GUID of 36 characters, as Partner Center shows it under the customer’s account.',
  },
  {
    header: 'Device ID',
    text: true,
    width: 34,
    needed: 'by ID',
    meaning: 'The Partner Center device ID (not the serial number), as Partner Center lists it in the customer’s device batches.',
  },
  {
    header: 'Serial Number',
    text: true,
    width: 18,
    needed: 'by serial; to register (with Manufacturer and Model)',
    meaning: 'The serial number the vendor lists. Found among the customer’s registered devices (case and spaces ignored).',
  },
  {
    header: 'Product Key',
    text: true,
    width: 18,
    needed: 'by product key; to register',
    meaning: 'The Windows product key ID (PKID) the vendor lists.',
  },
  {
    header: 'Hardware Hash',
    text: true,
    width: 30,
    needed: 'by hash; to register',
    meaning: 'The hardware hash from Get-WindowsAutopilotInfo (a long text): the surest way to register a device.',
  },
  {
    header: 'Manufacturer',
    text: true,
    width: 16,
    needed: 'to register by serial',
    meaning: 'The device maker as Windows reports it, e.g. Microsoft Corporation, LENOVO, Dell Inc., HP.',
  },
  {
    header: 'Model',
    text: true,
    width: 20,
    needed: 'to register by serial',
    meaning: 'The model as Windows reports it, e.g. Surface Laptop 5.',
  },
  {
    header: 'Profile Name',
    text: false,
    width: 26,
    needed: 'instead of Policy ID',
    meaning: 'The Autopilot profile’s name as the customer’s policies list it (case ignored); the tool looks up its ID.',
  },
  {
    header: 'Policy ID',
    text: true,
    width: 38,
    needed: 'always, unless Profile Name or --policy gives it',
    meaning: 'The Autopilot configuration policy (profile) ID: a GUID of 36 characters.',
  },
  {
    header: 'Notes',
    text: false,
    width: 30,
    needed: 'optional',
    meaning: 'Anything you like: kept in the results, never sent. Other columns of your own may be added too.',
  },
];

export const TEMPLATE_HEADERS: readonly string[] = TEMPLATE_COLUMNS.map((c) => c.header);

/** Columns whose cells must be 36 characters long (a GUID without braces). */
export const GUID_COLUMNS: readonly string[] = ['Customer ID', 'Policy ID'];

/** Rows of the Devices sheet that the 36-character check covers (the header is row 1). */
export const CHECKED_ROWS = 20_000;

export interface ExampleRow {
  /** The Instructions sheet's column heading for this way of naming the device. */
  heading: string;
  /** When to use it. */
  when: string;
  /** How to run it. */
  run: string;
  cells: Readonly<Record<string, string>>;
}

const CUSTOMER = { 'Customer Name': 'Contoso Ltd', 'Customer ID': 'c7f3c849-129f-4b85-a96d-4f8e88b315a3' };

// Shown side by side, one column each, rather than as rows under the Devices header: a header row of
// template columns on the Instructions sheet would let a Devices sheet that lost a column fall through
// to the examples, which apply would then read as devices.
export const EXAMPLE_ROWS: readonly ExampleRow[] = [
  {
    heading: 'Example: by ID',
    when: 'the device is registered and you know its Partner Center device ID',
    run: 'device-policy apply devices.xlsx --dry-run',
    cells: { ...CUSTOMER, 'Device ID': '9993-8627-3608-6844-6369-4361-72', 'Policy ID': '15a04610-9229-4e80-94e0-0e826a09c9e2' },
  },
  {
    heading: 'Example: by serial or hash',
    when: 'the device is registered; the tool finds its ID from the serial number, product key or hardware hash (needs sign-in)',
    run: 'device-policy apply devices.xlsx --dry-run',
    cells: { ...CUSTOMER, 'Serial Number': 'PF3WZ8K1', 'Profile Name': 'Contoso standard user', Notes: 'laptop for the new starter' },
  },
  {
    heading: 'Example: to register',
    when: 'the device is not in Partner Center yet: it is uploaded to a device batch, then assigned',
    run: 'device-policy apply devices.xlsx --register --batch "Contoso order 4711" --dry-run',
    cells: {
      ...CUSTOMER,
      'Serial Number': 'PF3WZ8K2',
      'Hardware Hash': 'T0GaBgEAHAAAAAoAHgZhTQAACgAeBmFNAAAKAB4GYU0AAA…',
      Manufacturer: 'LENOVO',
      Model: 'ThinkPad X1 Carbon Gen 11',
      'Policy ID': '15a04610-9229-4e80-94e0-0e826a09c9e2',
    },
  },
];

export const NOTES: readonly string[] = [
  'One device per row, on the Devices sheet. Keep the header row as it is; the order of columns does not matter, and unused columns may be left empty or deleted.',
  'The ID, serial and hash columns are formatted as Text. Paste with "Match Destination Formatting" (or Paste Values): Excel turns long digit strings into numbers and loses digits, and the tool refuses IDs stored as numbers.',
  `Customer ID and Policy ID are checked for 36 characters as you type (the first ${CHECKED_ROWS.toLocaleString('en-US')} rows); braces and capitals are accepted by the tool too.`,
  'Rows left entirely blank are skipped. Save as .xlsx, or as "CSV UTF-8" (not plain "CSV", which may lose characters).',
  'Try every sheet with --dry-run first: it sends nothing and writes a results file that says what is wrong in each row.',
];
