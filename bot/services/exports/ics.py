"""The ``.ics`` builder: one event as an iCalendar file any calendar application imports."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from icalendar import Calendar
from icalendar import Event as IcsEvent

PRODID = "-//shmo-bot//events//RU"
DEFAULT_LENGTH = timedelta(hours=1)


def event_ics(
    *,
    event_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    all_day: bool,
    tz: tzinfo,
    stamp: datetime,
    place: str | None = None,
    link: str | None = None,
    description: str | None = None,
    cancelled: bool = False,
) -> bytes:
    """Return one event as iCalendar bytes.

    An all-day event becomes whole dates in ``tz`` (the end date exclusive, as the format
    wants); a timed one keeps its instants, an hour long when it has no end. ``stamp`` is the
    moment the file is made (``DTSTAMP``).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    item = IcsEvent()
    item.add("uid", f"event-{event_id}@shmo-bot")
    item.add("dtstamp", stamp)
    item.add("summary", title)
    if all_day:
        start: date = starts_at.astimezone(tz).date()
        end = (ends_at or starts_at).astimezone(tz)
        last = end.date() if ends_at else start
        item.add("dtstart", start)
        whole_days = last == start or end.time() != datetime.min.time()
        item.add("dtend", last + timedelta(days=1) if whole_days else last)
    else:
        item.add("dtstart", starts_at)
        item.add("dtend", ends_at or starts_at + DEFAULT_LENGTH)
    if place:
        item.add("location", place)
    if link:
        item.add("url", link)
    if description:
        item.add("description", description)
    if cancelled:
        item.add("status", "CANCELLED")
    calendar.add_component(item)
    return calendar.to_ical()
