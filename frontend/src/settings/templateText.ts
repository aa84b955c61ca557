// Editing a template's text: a `{{variable}}` put where the cursor is (or over the selection).

/** How a variable is written in a template. */
export function placeholder(name: string): string {
  return `{{${name}}}`;
}

/** `text` with `insertion` replacing `start`–`end`, and where the cursor goes after it. */
export function insertAt(text: string, start: number, end: number, insertion: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, end, text.length));
  const to = Math.min(text.length, Math.max(start, end));
  return { text: text.slice(0, from) + insertion + text.slice(to), caret: from + insertion.length };
}
