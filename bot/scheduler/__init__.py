"""Scheduled work (APScheduler 3) — the jobs of deadlines, events and surveys live here."""
