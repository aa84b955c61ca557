// Each therapist's schedule: weekly hours, time off and calendar feed. Owners pick anyone who
// takes bookings; a therapist edits their own.
import { useState } from 'react';
import { useRole, useTokens } from '../api/context';
import { usePractice } from '../api/practice';
import { takesBookings, useStaff, useStaffFeed, useTimeOffOf, useWorkingHoursOf } from '../api/staff';
import { FeedLink } from '../ui/FeedLink';
import { SelectField } from '../ui/fields';
import { Loading } from '../ui/states';
import { HoursEditor } from './HoursEditor';
import { TimeOffEditor } from './TimeOffEditor';

export function ScheduleSection() {
  const role = useRole();
  const me = useTokens()?.staffId ?? '';
  const staff = useStaff();
  const people = (staff.data ?? []).filter((s) => takesBookings(s) && (role === 'owner' || s.id === me));
  const [picked, setPicked] = useState('');
  const id = picked || (people.find((p) => p.id === me) ?? people[0])?.id || '';
  const person = people.find((p) => p.id === id);
  return (
    <section className="card" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{role === 'owner' ? 'Hours, time off and feeds' : 'My hours, time off and feed'}</h2>
      {role === 'owner' ? (
        <SelectField pointer="/schedule/therapist" label="Therapist" value={id} onChange={(e) => setPicked(e.target.value)}>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.display_name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {person ? <Schedule key={person.id} id={person.id} name={person.display_name} /> : <Loading what="the schedule" />}
    </section>
  );
}

function Schedule({ id, name }: { id: string; name: string }) {
  const [hours] = useWorkingHoursOf([id]);
  const [off] = useTimeOffOf([id]);
  const practice = usePractice();
  const feed = useStaffFeed(id);
  const zone = practice.data?.data.time_zone ?? 'UTC';
  return (
    <>
      {hours?.data ? <HoursEditor staffId={id} name={name} initial={hours.data} /> : <Loading what="hours" />}
      {off?.data ? <TimeOffEditor staffId={id} zone={zone} list={off.data} /> : <Loading what="time off" />}
      <h3>Calendar feed</h3>
      <FeedLink issue={feed.issue} revoke={feed.revoke} who={name} />
    </>
  );
}
