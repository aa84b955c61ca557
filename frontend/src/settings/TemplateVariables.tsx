// The variables a message may use, each with a button that writes it into the body.
import type { EmailTemplateVariable } from '../api/types';
import { placeholder } from './templateText';

export function TemplateVariables({ variables, onInsert }: { variables: EmailTemplateVariable[]; onInsert: (name: string) => void }) {
  return (
    <div className="field">
      <h3 id="template-variables-heading">Variables</h3>
      <p className="hint">Filled in for each email. A button puts one in the body where the cursor is.</p>
      <ul className="template-variables" aria-labelledby="template-variables-heading">
        {variables.map((v) => (
          <li key={v.name}>
            <button type="button" className="button subtle" aria-label={`Insert ${placeholder(v.name)}`} onClick={() => onInsert(v.name)}>
              <code>{placeholder(v.name)}</code>
            </button>
            <span>{v.description}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
