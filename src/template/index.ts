export { DEFAULT_TEMPLATE, templateContent, writeTemplate } from './write.js';
export { TEMPLATE_COLUMNS, TEMPLATE_HEADERS, EXAMPLE_ROWS, GUID_COLUMNS, CHECKED_ROWS, type TemplateColumn, type ExampleRow } from './content.js';
