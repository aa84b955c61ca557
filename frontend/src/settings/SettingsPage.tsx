// Settings by role: the owner runs the practice (practice, services, rooms, staff, closed days,
// everyone's hours, time off and feeds, API keys, webhooks, the wording of client emails); a
// therapist keeps their own schedule and feed; everyone changes their own password and sets up
// their two-factor sign-in.
import { useRole } from '../api/context';
import { usePractice } from '../api/practice';
import { useTitle } from '../ui/useTitle';
import { ApiKeysSection } from './ApiKeysSection';
import { ClosedDaysSection } from './ClosedDaysSection';
import { EmailTemplatesSection } from './EmailTemplatesSection';
import { PasswordSection } from './PasswordSection';
import { PracticeSection } from './PracticeSection';
import { RoomsSection } from './RoomsSection';
import { ScheduleSection } from './ScheduleSection';
import { SecondFactorSection } from './SecondFactorSection';
import { ServicesSection } from './ServicesSection';
import { StaffSection } from './StaffSection';
import { WebhooksSection } from './WebhooksSection';
import './settings.css';

export function SettingsPage() {
  useTitle('Settings');
  const role = useRole();
  const practice = usePractice();
  const owner = role === 'owner';
  return (
    <div className="page">
      <h1>Settings</h1>
      <div className="settings-grid">
        {owner ? <PracticeSection /> : null}
        {owner ? <ServicesSection /> : null}
        {owner ? <RoomsSection /> : null}
        {owner ? <ClosedDaysSection zone={practice.data?.data.time_zone} /> : null}
        {owner ? <StaffSection /> : null}
        {owner ? <ApiKeysSection /> : null}
        {owner ? <WebhooksSection /> : null}
        {owner ? <EmailTemplatesSection /> : null}
        {owner || role === 'therapist' ? <ScheduleSection /> : null}
        <PasswordSection />
        <SecondFactorSection />
      </div>
    </div>
  );
}
