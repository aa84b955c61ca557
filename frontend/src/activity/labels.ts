// Words for the activity log's resource types and the actions the filter offers.
import type { ActivityResourceType } from '../api/activity';

export const RESOURCE_LABELS: Record<ActivityResourceType, string> = {
  booking: 'Booking',
  booking_series: 'Booking series',
  client: 'Client',
  service: 'Service',
  room: 'Room',
  staff: 'Staff member',
  practice: 'Practice settings',
  webhook_endpoint: 'Webhook endpoint',
  api_key: 'API key',
  email_template: 'Email template',
};

/** The actions an owner most often looks for; any other is still shown in the table. */
export const COMMON_ACTIONS: readonly string[] = [
  'booking.created',
  'booking.updated',
  'booking.cancelled',
  'booking.no_show',
  'booking_series.created',
  'booking_series.ended',
  'client.created',
  'client.updated',
  'client.archived',
  'service.created',
  'service.updated',
  'room.updated',
  'staff.invited',
  'staff.role_changed',
  'staff.deactivated',
  'practice.updated',
  'api_key.created',
  'api_key.revoked',
  'webhook_endpoint.created',
];
