// A member's role, changed in place with the version read when the list was shown.
import { useStaffMember, useUpdateStaff } from '../api/staff';
import type { Role, StaffView } from '../api/types';
import { ROLE_LABELS } from './LinkToCopy';

export function RoleSelect({ member, onError }: { member: StaffView; onError: (e: unknown) => void }) {
  const tagged = useStaffMember(member.id);
  const update = useUpdateStaff();
  return (
    <label className="inline">
      <span className="visually-hidden">Role of {member.display_name}</span>
      <select
        value={member.role}
        disabled={!tagged.data || update.isPending}
        onChange={(e) => {
          if (!tagged.data) return;
          update.mutate(
            { id: member.id, etag: tagged.data.etag, body: { role: e.target.value as Role } },
            { onError, onSettled: () => void tagged.refetch() },
          );
        }}
      >
        {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
