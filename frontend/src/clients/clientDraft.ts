// A client as a form edits it (all text, so inputs stay controlled), and the bodies the API
// takes: a new client, or a patch where an emptied field clears the stored value.
import type {
  BodyRegion,
  ClientPatch,
  ClientView,
  DistanceUnit,
  NewClient,
  PressurePreference,
  Surface,
  UsualDistance,
} from '../api/types';

export interface Draft {
  given_name: string;
  family_name: string;
  email: string;
  phone: string;
  date_of_birth: string;
  emergency_name: string;
  emergency_phone: string;
  pressure_preference: PressurePreference | '';
  notes: string;
  weekly_value: string;
  weekly_unit: DistanceUnit;
  surfaces: Surface[];
  usual_distances: UsualDistance[];
  shoes: string;
  goal: string;
  areas_to_avoid: BodyRegion[];
  /** Edited on an existing client only: a new client gets reminders. */
  reminders_opt_out: boolean;
}

export const EMPTY: Draft = {
  given_name: '',
  family_name: '',
  email: '',
  phone: '',
  date_of_birth: '',
  emergency_name: '',
  emergency_phone: '',
  pressure_preference: '',
  notes: '',
  weekly_value: '',
  weekly_unit: 'km',
  surfaces: [],
  usual_distances: [],
  shoes: '',
  goal: '',
  areas_to_avoid: [],
  reminders_opt_out: false,
};

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function toNewClient(d: Draft): NewClient {
  const runner =
    d.weekly_value || d.surfaces.length || d.usual_distances.length || d.shoes.trim() || d.goal.trim();
  return {
    given_name: d.given_name.trim(),
    family_name: d.family_name.trim(),
    email: orNull(d.email),
    phone: orNull(d.phone),
    date_of_birth: orNull(d.date_of_birth),
    emergency_contact:
      d.emergency_name.trim() || d.emergency_phone.trim()
        ? { name: orNull(d.emergency_name), phone: orNull(d.emergency_phone) }
        : null,
    pressure_preference: d.pressure_preference || null,
    areas_to_avoid: d.areas_to_avoid,
    notes: orNull(d.notes),
    runner_profile: runner
      ? {
          weekly_distance: d.weekly_value ? { value: Number(d.weekly_value), unit: d.weekly_unit } : null,
          surfaces: d.surfaces,
          usual_distances: d.usual_distances,
          shoes: orNull(d.shoes),
          goal: orNull(d.goal),
        }
      : null,
  };
}


/** The patch for an existing client: every field, so an emptied one is cleared. */
export function toPatch(d: Draft): ClientPatch {
  return { ...toNewClient(d), reminders_opt_out: d.reminders_opt_out };
}

export function fromClient(c: ClientView): Draft {
  const p = c.runner_profile;
  return {
    given_name: c.given_name,
    family_name: c.family_name,
    email: c.email ?? '',
    phone: c.phone ?? '',
    date_of_birth: c.date_of_birth ?? '',
    emergency_name: c.emergency_contact.name ?? '',
    emergency_phone: c.emergency_contact.phone ?? '',
    pressure_preference: c.pressure_preference ?? '',
    notes: c.notes ?? '',
    weekly_value: p?.weekly_distance ? String(p.weekly_distance.value) : '',
    weekly_unit: p?.weekly_distance?.unit ?? 'km',
    surfaces: p?.surfaces ?? [],
    usual_distances: p?.usual_distances ?? [],
    shoes: p?.shoes ?? '',
    goal: p?.goal ?? '',
    areas_to_avoid: c.areas_to_avoid,
    reminders_opt_out: c.reminders_opt_out,
  };
}
