// A client's alerts as compact badges: severity word plus the neutral handling instruction.
import type { HandlingAlert } from '../api/types';

export function AlertBadges({ alerts }: { alerts: readonly HandlingAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <ul className="alert-badges">
      {alerts.map((alert, i) => (
        <li key={i} className={`badge severity-${alert.severity}`}>
          {alert.severity}: {alert.handling}
        </li>
      ))}
    </ul>
  );
}
