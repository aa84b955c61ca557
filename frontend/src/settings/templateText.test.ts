import { describe, expect, it } from 'vitest';
import { insertAt, placeholder } from './templateText';

describe('insertAt', () => {
  it('puts the text at the cursor and the cursor after it', () => {
    expect(insertAt('Hello ,', 6, 6, placeholder('client_given_name'))).toEqual({
      text: 'Hello {{client_given_name}},',
      caret: 27,
    });
  });

  it('replaces a selection, whichever way it was made', () => {
    expect(insertAt('Hello NAME!', 6, 10, '{{x}}')).toEqual({ text: 'Hello {{x}}!', caret: 11 });
    expect(insertAt('Hello NAME!', 10, 6, '{{x}}')).toEqual({ text: 'Hello {{x}}!', caret: 11 });
  });

  it('keeps a cursor past the end at the end', () => {
    expect(insertAt('Hi', 9, 9, '{{x}}')).toEqual({ text: 'Hi{{x}}', caret: 7 });
  });
});
