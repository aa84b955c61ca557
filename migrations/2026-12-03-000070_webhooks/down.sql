DROP TRIGGER events_webhook_fan_out ON events;
DROP FUNCTION webhook_fan_out();
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
