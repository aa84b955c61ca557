// The alerts banner at the top of a client: severity and handling for everyone, and for
// clinical roles the condition behind each alert.
import type { ClinicalAlert, HandlingAlert } from '../api/types';

const HEADINGS = { avoid: 'Avoid', caution: 'Caution', note: 'Note' } as const;

interface Props {
  alerts: readonly HandlingAlert[];
  /** Present only for owners and therapists. */
  clinical?: readonly ClinicalAlert[] | undefined;
}

export function AlertsBanner({ alerts, clinical }: Props) {
  if (alerts.length === 0) return null;
  const rows: readonly (HandlingAlert & { label?: string })[] = clinical ?? alerts;
  const worst = rows[0]?.severity ?? 'note';
  return (
    <section className={`alerts-banner severity-${worst}`} aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Alerts</h2>
      <ul>
        {rows.map((alert, i) => (
          <li key={i}>
            <span className={`badge severity-${alert.severity}`}>{HEADINGS[alert.severity]}</span>{' '}
            {alert.label ? <strong>{alert.label}: </strong> : null}
            {alert.handling}
          </li>
        ))}
      </ul>
    </section>
  );
}
