"""Delivery: the outbox and the rate-limited sender every pushed message goes through."""
