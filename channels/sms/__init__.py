"""SMS channel through Twilio: signed webhooks, delivery status, opt-out, segment-aware sending."""
