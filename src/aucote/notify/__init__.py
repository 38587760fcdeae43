"""Notifications: delivering the outbox (written by the engine with each change) through
signed webhooks, e-mail and chat webhooks, at least once."""
