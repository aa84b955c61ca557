/** The DOM id of the control for a JSON pointer, so error summaries can link to fields. */
export function fieldId(pointer: string): string {
  return `f${pointer.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
