// The practice: name, time zone, cancellation window, reminder lead time, address, automatic
// logoff and the two-factor requirement (owner), sent with the
// ETag read; a 412 offers a reload.
import { useState } from 'react';
import { usePractice, useUpdatePractice } from '../api/practice';
import type { Tagged } from '../api/problem';
import type { PracticeView } from '../api/types';
import { fieldId } from '../ui/fieldId';
import { TextField } from '../ui/fields';
import { ProblemNotice } from '../ui/ProblemNotice';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';

export function PracticeSection() {
  const practice = usePractice();
  // A reload after a 412 starts the form again from the stored practice.
  const [round, setRound] = useState(0);
  return (
    <section className="card" aria-labelledby="practice-heading">
      <h2 id="practice-heading">Practice</h2>
      {practice.isPending ? <Loading what="the practice" /> : null}
      {practice.isError ? <ErrorMessage error={practice.error} /> : null}
      {practice.data ? (
        <PracticeForm
          key={round}
          current={practice.data}
          reload={() => void practice.refetch().then(() => setRound((r) => r + 1))}
        />
      ) : null}
    </section>
  );
}

function PracticeForm({ current, reload }: { current: Tagged<PracticeView>; reload: () => void }) {
  const p = current.data;
  const [name, setName] = useState(p.name);
  const [zone, setZone] = useState(p.time_zone);
  const [window, setWindow] = useState(String(p.cancellation_window_hours));
  const [address, setAddress] = useState(p.address ?? '');
  const [idle, setIdle] = useState(String(p.idle_logoff_minutes));
  // Empty: no reminders.
  const [reminder, setReminder] = useState(p.reminder_lead_hours == null ? '' : String(p.reminder_lead_hours));
  const [requireSecond, setRequireSecond] = useState(p.require_second_factor);
  const [saved, setSaved] = useState(false);
  const update = useUpdatePractice();
  const { problem, setProblem, errorFor } = useProblem();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        setSaved(false);
        update.mutate(
          {
            etag: current.etag,
            body: {
              name,
              time_zone: zone,
              cancellation_window_hours: Number(window),
              address: address.trim() || null,
              idle_logoff_minutes: Number(idle),
              reminder_lead_hours: reminder.trim() === '' ? null : Number(reminder),
              require_second_factor: requireSecond,
            },
          },
          { onSuccess: () => setSaved(true), onError: setProblem },
        );
      }}
    >
      <ProblemNotice problem={problem} onReload={reload} />
      <TextField pointer="/practice/name" label="Practice name" value={name} error={errorFor('/name')} onChange={(e) => setName(e.target.value)} />
      <TextField pointer="/practice/time_zone" label="Time zone" hint="An IANA zone such as America/Denver" value={zone} error={errorFor('/time_zone')} onChange={(e) => setZone(e.target.value)} />
      <TextField
        pointer="/practice/cancellation_window_hours"
        label="Cancellation window (hours)"
        hint="Cancelling closer than this to the start is late."
        type="number"
        min={0}
        max={168}
        value={window}
        error={errorFor('/cancellation_window_hours')}
        onChange={(e) => setWindow(e.target.value)}
      />
      <TextField
        pointer="/practice/reminder_lead_hours"
        label="Reminder email (hours before)"
        hint="1 to 168; clients with an email address are reminded this long before a session. Empty: no reminders."
        type="number"
        min={1}
        max={168}
        value={reminder}
        error={errorFor('/reminder_lead_hours')}
        onChange={(e) => setReminder(e.target.value)}
      />
      <TextField
        pointer="/practice/idle_logoff_minutes"
        label="Automatic logoff (minutes idle)"
        hint="2 to 240; a shared front-desk screen signs out on its own."
        type="number"
        min={2}
        max={240}
        value={idle}
        error={errorFor('/idle_logoff_minutes')}
        onChange={(e) => setIdle(e.target.value)}
      />
      <div className={`field${errorFor('/require_second_factor') ? ' has-error' : ''}`}>
        <label className="check">
          <input
            id={fieldId("/practice/require_second_factor")}
            type="checkbox"
            checked={requireSecond}
            aria-describedby="require-second-factor-hint"
            onChange={(e) => setRequireSecond(e.target.checked)}
          />
          Require two-factor sign-in for everyone
        </label>
        <span className="hint" id="require-second-factor-hint">
          Staff without it set up are signed out and set it up at their next sign-in. Set up your own first.
        </span>
        {errorFor('/require_second_factor') ? <span className="field-error">{errorFor('/require_second_factor')}</span> : null}
      </div>
      <TextField pointer="/practice/address" label="Address" value={address} error={errorFor('/address')} onChange={(e) => setAddress(e.target.value)} />
      <div className="inline">
        <button type="submit" className="button primary" disabled={update.isPending}>
          Save practice
        </button>
        {saved ? <span role="status">Saved.</span> : null}
      </div>
    </form>
  );
}
