// Test data shaped like the API's answers.
import type { ClientView, IntakeFormView, Vocabulary } from '../api/types';

export const vocabulary: Vocabulary = {
  body_regions: [
    { id: 'knee', label: 'Knee', view: 'front', sides: ['left', 'right', 'bilateral'] },
    { id: 'calf', label: 'Calf', view: 'back', sides: ['left', 'right', 'bilateral'] },
    { id: 'lower_back', label: 'Lower back', view: 'back', sides: ['midline'] },
    { id: 'it_band', label: 'IT band', view: 'front', sides: ['left', 'right', 'bilateral'] },
    // Drawn on a view the frontend has no shape for: must still be offered from the list.
    { id: 'arm', label: 'Arm', view: 'back', sides: ['left', 'right', 'bilateral'] },
  ],
  body_views: [
    { id: 'front', label: 'Front' },
    { id: 'back', label: 'Back' },
  ],
  sides: [
    { id: 'left', label: 'Left' },
    { id: 'right', label: 'Right' },
    { id: 'bilateral', label: 'Both sides' },
    { id: 'midline', label: 'Midline' },
  ],
  pain_qualities: [
    { id: 'sharp', label: 'Sharp' },
    { id: 'tight', label: 'Tight' },
  ],
  aggravating_factors: [
    { id: 'hills', label: 'Hills' },
    { id: 'after_long_runs', label: 'After long runs' },
  ],
  pain_scale: { min: 0, max: 10 },
  contraindications: [
    { id: 'anticoagulants', label: 'Anticoagulants', severity: 'caution', handling: 'No deep pressure' },
    { id: 'deep_vein_thrombosis', label: 'Deep vein thrombosis', severity: 'avoid', handling: 'No massage without clearance' },
  ],
  severities: [
    { id: 'avoid', label: 'Avoid' },
    { id: 'caution', label: 'Caution' },
    { id: 'note', label: 'Note' },
  ],
  techniques: [],
  pressure_preferences: [{ id: 'firm', label: 'Firm' }],
  surfaces: [{ id: 'road', label: 'Road' }],
  usual_distances: [{ id: 'marathon', label: 'Marathon' }],
  distance_units: [
    { id: 'km', label: 'km' },
    { id: 'mi', label: 'mi' },
  ],
  race_priorities: [{ id: 'a', label: 'A race' }],
  consent_text_version: '2026-11-01',
  consent_text: 'I agree to be treated.',
  cancellation_reasons: [
    { code: 'client_request', label: 'Client asked to cancel' },
    { code: 'other', label: 'Other' },
  ],
  override_reasons: [
    { code: 'therapist_agreed', label: 'Therapist agreed to work then' },
    { code: 'other', label: 'Other' },
  ],
};

export const client: ClientView = {
  id: '0190a0b1-0000-7000-8000-000000000001',
  given_name: 'Alex',
  family_name: 'Rivera',
  email: 'alex@example.com',
  phone: '+1 303 555 0100',
  emergency_contact: { name: 'Sam Rivera', phone: '+1 303 555 0142' },
  areas_to_avoid: [],
  alerts: [{ severity: 'caution', handling: 'No deep pressure' }],
  archived: false,
  reminders_opt_out: false,
  created_at: '2026-10-01T10:00:00Z',
  updated_at: '2026-10-01T10:00:00Z',
  runner_profile: { goal: 'Sub-3:30 marathon', surfaces: ['road'], usual_distances: ['marathon'] },
};

export const intakeForm: IntakeFormView = {
  id: '0190a0b1-0000-7000-8000-0000000000f1',
  client_id: client.id,
  form_version: 1,
  chief_complaint: 'Knee pain on hills',
  pain_areas: [
    { region: 'knee', side: 'left', intensity: 7, qualities: ['sharp'], aggravating: ['hills'] },
    { region: 'calf', side: 'bilateral', intensity: 2, qualities: [], aggravating: [] },
  ],
  contraindications: ['anticoagulants'],
  consent: { signer_name: 'Alex Rivera', text_version: '2026-11-01', consented_at: '2026-10-01T10:00:00Z' },
  submitted_by: { kind: 'staff', staff_id: '0190a0b1-0000-7000-8000-0000000000aa' },
  created_at: '2026-10-01T10:00:00Z',
};
