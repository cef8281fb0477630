/** What evidence files may be: kept apart from the store so request schemas need no SDK. */

/** File types evidence may be (a board pack's usual attachments), by content type. */
export const EVIDENCE_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/csv': 'CSV',
  'text/plain': 'text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
};
/** At most 10 MB a file. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
