// The template's default file name, apart from the writer so that the command line can show it in its
// help without loading the writer.
export const DEFAULT_TEMPLATE = 'device-policy-template.xlsx';
