// Consent: the practice's text, the signer's typed name and an explicit agreement.
import { TextField } from '../ui/fields';
import { fieldId } from '../ui/fieldId';

interface Props {
  text: string;
  signerName: string;
  agreed: boolean;
  errorFor: (pointer: string) => string | undefined;
  onSignerName: (value: string) => void;
  onAgreed: (value: boolean) => void;
}

export function ConsentFields({ text, signerName, agreed, errorFor, onSignerName, onAgreed }: Props) {
  const agreedId = fieldId('/consent/agreed');
  const agreedError = errorFor('/consent/agreed');
  return (
    <fieldset className="consent">
      <legend>Consent</legend>
      <blockquote className="consent-text">{text}</blockquote>
      <TextField
        pointer="/consent/signer_name"
        label="Full name of the person consenting"
        autoComplete="name"
        required
        value={signerName}
        error={errorFor('/consent/signer_name')}
        onChange={(e) => onSignerName(e.target.value)}
      />
      <div className={`field${agreedError ? ' has-error' : ''}`}>
        {agreedError ? (
          <span className="field-error" id={`${agreedId}-error`}>
            {agreedError}
          </span>
        ) : null}
        <label className="check">
          <input
            id={agreedId}
            type="checkbox"
            checked={agreed}
            aria-invalid={agreedError ? true : undefined}
            aria-describedby={agreedError ? `${agreedId}-error` : undefined}
            onChange={(e) => onAgreed(e.target.checked)}
          />
          <span>I have read and agree to the above</span>
        </label>
      </div>
    </fieldset>
  );
}
