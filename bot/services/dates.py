"""Event dates as teachers type them: "25.11 15:00", "tomorrow at 10", "23-27.01".

Numbers (``25.11 15:00``, ``23-27.01``, times, ranges) are read by the small regular
expressions below; words (month names, "tomorrow", weekdays, "in 2 hours", duration units)
go through dateparser. Everything typed is local time of the deployment's zone; results
are aware UTC datetimes.

Rules decided here:

* Day and month are always in that order (``05.06`` is 5 June, never 6 May).
* A date typed without a year belongs to the current academic year (1 September –
  31 August): typed in November 2026, ``25.11`` is 25 Nov 2026 and ``23.01`` is
  23 Jan 2027. When that date is already past it is refused as past, never moved a year
  ahead silently — with one exception: typed from 1 May to 31 August (when next year's
  plans are written), a date in September–December belongs to the next academic year
  (``15.09`` typed in May 2027 is 15 Sep 2027). A past January–August date typed then is
  refused; the person can type the year (``15.01.2028``).
* A typed year must be this calendar year or one of the next two.
* Words must make sense as a whole: dateparser's canonical translation must be a day and
  a month (and a year), a relative day ("tomorrow", "in 3 days", "in 2 hours") or a
  weekday; words it skips silently ("tomorrow somewhere") make the text refused.
* A time may also come first ("10:00 tomorrow", "15:00 25.12", "at 15:00 25 December"): a
  ``h:mm`` at the start is the time and the rest the day, never a time again. A time range
  may come first too ("15:00-17:00 25.12"). A leading "on" ("na") is ignored.
* A weekday ("on Monday") is the next such day. When it names today, it is today
  only if a time was typed and that time is still ahead; otherwise it is the same day
  next week.
* A time without a date is refused; an hour alone needs the word "at" ("v 10"), except on
  the right side of a time range ("s 15:00 do 17") and in ``parse_end``. A time is written
  ``15:00`` or ``15.00``; a lone ``a.b`` after a time (the right side of a range, an end)
  is a time unless ``b`` could be a month (``17.30`` is a time, ``10.12`` is 10 December).
* A range ("23-27.01", "from 23 to 27 January", "25.11 15:00-17:00") gives ``end``. A left
  side with only a day takes the month (and year) of the right side; a right side without
  a year is in the start's year, or in the next one when its month comes earlier (a range
  over New Year). The end must be after the start, and a range spans at most 31 days.
  Both sides have a time or neither has.
* All day (no time typed): ``start`` is local midnight of the first day; ``end`` (of a
  range) is 23:59:59 local of the last day, so ``end.astimezone(tz).date()`` is the last
  day. A single all-day date has ``end`` None. An all-day date of today is not past.
* A timed start must be later than now.
* Daylight saving: a typed local time that does not exist (the clocks jump over it) is
  refused with a text that says so; an ambiguous one (the clocks fall back over it) is the
  first occurrence (``fold=0``).
* ``parse_end``: a time alone is on the start's local day; a date alone is the end of that
  day; a duration ("2 hours", "1,5 hours", "90 minutes", "3 days", typed in Russian) is
  added to the start as is.
* ``parse_past_day``: the day something happened (a meeting), typed as a date (``25.11``,
  ``25.11.2026``, ``25 ноября``), a relative day («вчера», «сегодня», «2 дня назад») or a
  weekday («в понедельник»: the last one, today included). A date without a year is the
  latest such day not after today (this calendar year, else the previous one). A time typed
  with it is ignored; a range is refused (one day), and so is a day after today.
* A refusal suggests what to type, and each suggestion is accepted if typed back: the dates
  in it are computed from today (``examples``: a day about a week ahead, a range of days
  from it within its month, an end two hours after the start), never written into the texts.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import dateparser
import dateparser.conf
from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader

from bot.i18n import Gettext
from bot.services.errors import DomainError

__all__ = [
    "MAX_RANGE_DAYS",
    "When",
    "examples",
    "format_when",
    "parse_end",
    "parse_past_day",
    "parse_when",
]

MAX_RANGE_DAYS = 31
YEARS_AHEAD = 2
EXAMPLE_YEAR_OFFSET = 1
EXAMPLE_DAYS_AHEAD = 7  # the examples in the texts name a day about a week ahead
EXAMPLE_RANGE_DAYS = 4  # and a range of days from it, within one month
EXAMPLE_END_HOURS = 2  # an example end: two hours after the start

_LANGUAGES = ["ru", "en"]
_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "future",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_TRANSLATE_SETTINGS = dateparser.conf.settings
_LOCALES = {code: default_loader.get_locale(code) for code in _LANGUAGES}

# Russian words the numeric grammar needs, written as escapes (the code stays ASCII).
_V = "\u0432"  # "v": at / on
_VO = "\u0432\u043e"  # "vo": at / on, before some consonants
_S = "\u0441"  # "s": from
_SO = "\u0441\u043e"  # "so": from, before some consonants
_PO = "\u043f\u043e"  # "po": to (a date)
_DO = "\u0434\u043e"  # "do": until
_NA = "\u043d\u0430"  # "na": on / for (a day)
_HOUR_WORD = "\u0447(?:\u0430\u0441(?:\u0430|\u043e\u0432)?)?"  # ch / chas / chasa / chasov
_YEAR_WORD = "\u0433(?:\u043e\u0434\u0430|\\.)?"  # g / g. / goda
_YO, _YE = "\u0451", "\u0435"

_PREP = rf"(?:{_VO}|{_V}|{_SO}|{_S}|at|from)"
_TIME_HM = re.compile(rf"(?:^|\s)(?:{_PREP}\s*)?(\d{{1,2}})([:.])(\d{{2}})$")
_TIME_H = re.compile(rf"(?:^|\s){_PREP}\s*(\d{{1,2}})(?:\s*{_HOUR_WORD}\.?)?$")
_LEADING_TIME = re.compile(rf"^(?:{_PREP}\s*)?(\d{{1,2}}):(\d{{2}})\s+(.+)$")
_BARE_NUMBER = re.compile(r"^(\d{1,2})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?$")
_RANGE_WORD = re.compile(rf"\s(?:{_PO}|{_DO}|to|until)\s")
_LEADING_FROM = re.compile(rf"^(?:{_NA}\s+)?(?:{_SO}|{_S}|from)\s+")
_LEADING_ON = re.compile(rf"^(?:{_NA}|on)\s+")
_LEADING_UNTIL = re.compile(rf"^(?:{_DO}|{_PO}|to|until)\s+")
_YEAR_MARK = re.compile(rf"(\d)\s*{_YEAR_WORD}(?=\s|$)")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
_LETTER = re.compile(r"[^\W\d_]")
# Shapes of dateparser's canonical English translation that this module accepts.
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_SHAPE_DAY_MONTH = re.compile(
    rf"^(?:\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{1,2}})(?: (?P<year>\d{{4}}))?$"
)
_SHAPE_MONTH = re.compile(rf"^(?:{_MONTHS})(?: \d{{4}})?$")
_SHAPE_RELATIVE = re.compile(
    r"^(?:in \d+(?:[.,]\d+)? (?P<unit>minute|hour|day|week|month)|\d+ day ago)$"
)
_SHAPE_WEEKDAY = re.compile(rf"^(?:{_WEEKDAYS})$")
_DURATION_TOKEN = re.compile(r"(\d+(?:\.\d+)?)?\s*(minute|hour|day|week)s?\b\.?")
_DURATION_UNITS = {"minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_END_OF_DAY = time(23, 59, 59)
# An end typed on its own gets texts whose examples are ends.
_END_KEYS = {
    "dates-error-unparseable": "dates-error-end-unclear",
    "dates-error-no-day": "dates-error-end-unclear",
    "dates-error-end-before-start": "dates-error-end-too-early",
    "dates-error-range-too-long": "dates-error-end-too-far",
}
# A day that has been gets texts whose examples are such days.
_PAST_KEYS = {
    "dates-error-unparseable": "dates-error-day-unclear",
    "dates-error-no-day": "dates-error-day-unclear",
    "dates-error-bad-date": "dates-error-day-bad",
    "dates-error-bad-time": "dates-error-day-unclear",
    "dates-error-no-such-time": "dates-error-day-unclear",
    "dates-error-empty": "dates-error-day-empty",
}


@dataclass(frozen=True)
class When:
    """When an event happens: aware UTC datetimes."""

    start: datetime
    end: datetime | None
    all_day: bool


@dataclass(frozen=True)
class _Piece:
    """One side of what was typed: a date (maybe partial) and a time of day.

    Exactly one of these describes the date: ``fixed`` (a relative word such as "tomorrow"),
    ``instant`` ("in 2 hours", which carries its own time), or ``day``/``month``/``year``
    (typed numbers or a month name; ``month`` None when only a day was typed). All None:
    no date was typed.
    """

    day: int | None = None
    month: int | None = None
    year: int | None = None
    fixed: date | None = None
    instant: datetime | None = None
    at: time | None = None
    weekday_today: bool = False
    weekday: bool = False

    @property
    def has_date(self) -> bool:
        return self.fixed is not None or self.instant is not None or self.month is not None

    @property
    def day_only(self) -> bool:
        return self.day is not None and self.month is None

    def day_month(self) -> tuple[int, int]:
        if self.day is None or self.month is None:
            raise ValueError("not a calendar date")
        return self.day, self.month


class _Context:
    """What every step needs: the text for error messages, now and the zone."""

    def __init__(
        self,
        text: str,
        now: datetime,
        tz: tzinfo,
        *,
        for_end: bool = False,
        for_past: bool = False,
        start: datetime | None = None,
    ) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.text = text.strip()
        self.now = now.astimezone(UTC)
        self.tz = tz
        self.local_now = now.astimezone(tz).replace(tzinfo=None)
        self.today = self.local_now.date()
        self.for_end = for_end
        self.for_past = for_past
        self.start = start

    def fail(self, key: str, **params: Any) -> DomainError:
        if self.for_end:
            key = _END_KEYS.get(key, key)
        if self.for_past:
            key = _PAST_KEYS.get(key, key)
        return DomainError(
            key, text=self.text, **{**examples(self.now, self.tz, self.start), **params}
        )


# ---------------------------------------------------------------- public API


def examples(now: datetime, tz: tzinfo, start: datetime | None = None) -> dict[str, Any]:
    """What the texts suggest typing, computed from today so that each is accepted.

    A day about a week ahead (moved to the 1st of the next month when a range of days from it
    would leave its month): ``example_date`` "01.12", ``example_day`` 1 and ``example_month``
    12 (the texts name the month), ``example_last`` 5 and ``example_range`` "1-5.12";
    ``example_year``, a year ahead; ``example_past``, a week ago ("24.11.2026", for a day that
    has been). With the ``start`` of an event, an end two hours later,
    ``example_end`` ("17:00", or "26.11 01:00" when that is the next day), and
    ``example_end_date``, noon of the next day ("26.11 12:00").
    """
    today = now.astimezone(tz).date()
    day = today + timedelta(days=EXAMPLE_DAYS_AHEAD)
    if day.day + EXAMPLE_RANGE_DAYS > calendar.monthrange(day.year, day.month)[1]:
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = day + timedelta(days=EXAMPLE_RANGE_DAYS)
    params: dict[str, Any] = {
        "example_date": day.strftime("%d.%m"),
        "example_day": day.day,
        "example_last": last.day,
        "example_month": day.month,
        "example_range": f"{day.day}-{last.day}.{day:%m}",
        "example_year": str(today.year + EXAMPLE_YEAR_OFFSET),
        "example_past": (today - timedelta(days=EXAMPLE_DAYS_AHEAD)).strftime("%d.%m.%Y"),
    }
    if start is not None:
        local = start.astimezone(tz)
        end = (start + timedelta(hours=EXAMPLE_END_HOURS)).astimezone(tz)
        params["example_end"] = _hm(end) if end.date() == local.date() else _typed(end)
        params["example_end_date"] = f"{local.date() + timedelta(days=1):%d.%m} 12:00"
    return params


def parse_when(text: str, now: datetime, tz: tzinfo) -> When:
    """Read an event's date, time or range typed in ``tz``; refuse with a DomainError."""
    ctx = _Context(text, now, tz)
    norm = _normalize(text)
    if not norm:
        raise ctx.fail("dates-error-empty")
    left_text, right_text = _split_range(norm, ctx)
    left = _parse_piece(left_text, ctx, after_time=False)
    if right_text is None:
        return _single(left, ctx)
    right = _parse_piece(right_text, ctx, after_time=left.at is not None)
    return _range(left, right, ctx)


def parse_end(text: str, start: datetime, now: datetime, tz: tzinfo) -> datetime:
    """Read an end typed on its own: a time, a date (and time) or a duration."""
    ctx = _Context(text, now, tz, for_end=True, start=start)
    norm = _normalize(text)
    if not norm:
        raise ctx.fail("dates-error-end-unclear")
    norm = _LEADING_UNTIL.sub("", norm)
    start_local = start.astimezone(tz).replace(tzinfo=None)
    duration = _duration(norm)
    if duration is not None:
        end = start + duration
    else:
        piece = _parse_piece(norm, ctx, after_time=True)
        if piece.instant is not None:
            end = _to_utc(piece.instant, ctx, strict=True)
        elif not piece.has_date:
            if piece.at is None:
                raise ctx.fail("dates-error-end-unclear")
            end = _to_utc(datetime.combine(start_local.date(), piece.at), ctx, strict=True)
        else:
            day = _resolve_after(piece, start_local.date(), ctx)
            if piece.at is None:
                end = _to_utc(datetime.combine(day, _END_OF_DAY), ctx, strict=False)
            else:
                end = _to_utc(datetime.combine(day, piece.at), ctx, strict=True)
    _check_end(start, end, ctx)
    return end


def parse_past_day(text: str, now: datetime, tz: tzinfo) -> date:
    """Read the day something happened, typed in ``tz``; refuse with a DomainError."""
    ctx = _Context(text, now, tz, for_past=True)
    norm = _LEADING_ON.sub("", _normalize(text))
    if not norm:
        raise ctx.fail("dates-error-day-empty")
    if _split_range(norm, ctx)[1] is not None:
        raise ctx.fail("dates-error-one-day")
    piece = _parse_piece(norm, ctx, after_time=False)
    if piece.instant is not None:
        day = piece.instant.date()
    elif piece.fixed is not None:
        day = piece.fixed - timedelta(days=7) if piece.weekday else piece.fixed
    elif piece.day is not None and piece.month is None:
        day = _latest(ctx.today.year, ctx.today.month, piece.day, ctx)
    elif piece.day is not None and piece.month is not None:
        if piece.year is not None:
            day = _calendar_date(piece.year, piece.month, piece.day, ctx)
        else:
            day = _latest(ctx.today.year, piece.month, piece.day, ctx, by_year=True)
    else:
        raise ctx.fail("dates-error-no-day")
    if day > ctx.today:
        raise ctx.fail("dates-error-future")
    return day


def _latest(year: int, month: int, day: int, ctx: _Context, *, by_year: bool = False) -> date:
    """The latest ``day`` (of ``month``) not after today: this month or year, else the one
    before (a day alone steps back a month, a day and month a year)."""
    if by_year:
        candidate = _calendar_date(year, month, day, ctx)
        return candidate if candidate <= ctx.today else _calendar_date(year - 1, month, day, ctx)
    for back in range(0, 12):
        y, m = divmod(year * 12 + month - 1 - back, 12)
        if day <= calendar.monthrange(y, m + 1)[1]:
            candidate = date(y, m + 1, day)
            if candidate <= ctx.today:
                return candidate
    raise ctx.fail("dates-error-bad-date")


def format_when(when: When, tz: tzinfo, i18n: Gettext) -> str:
    """ "25 November 2026, 15:00-17:00", "23-27 January 2027", in ``i18n``'s language."""
    start = when.start.astimezone(tz)
    end = when.end.astimezone(tz) if when.end is not None else None
    if when.all_day:
        if end is None or end.date() == start.date():
            return _full_date(start.date(), i18n)
        first, last = start.date(), end.date()
        if (first.year, first.month) == (last.year, last.month):
            return i18n(
                "dates-days-same-month",
                first=str(first.day),
                last=str(last.day),
                month=_month(last.month, i18n),
                year=str(last.year),
            )
        if first.year == last.year:
            return i18n(
                "dates-days-same-year",
                first=_day_month(first, i18n),
                last=_day_month(last, i18n),
                year=str(last.year),
            )
        return i18n("dates-span", start=_full_date(first, i18n), end=_full_date(last, i18n))
    if end is None:
        return i18n("dates-date-time", date=_full_date(start.date(), i18n), time=_hm(start))
    if end.date() == start.date():
        return i18n(
            "dates-date-time-range",
            date=_full_date(start.date(), i18n),
            start=_hm(start),
            end=_hm(end),
        )
    return i18n(
        "dates-span",
        start=i18n("dates-date-time", date=_full_date(start.date(), i18n), time=_hm(start)),
        end=i18n("dates-date-time", date=_full_date(end.date(), i18n), time=_hm(end)),
    )


# ---------------------------------------------------------------- building the result


def _single(piece: _Piece, ctx: _Context) -> When:
    if piece.instant is not None:
        start = _to_utc(piece.instant, ctx, strict=True)
        _check_start(start, ctx)
        return When(start=start, end=None, all_day=False)
    if not piece.has_date:
        raise ctx.fail("dates-error-no-day")
    day = _resolve_start(piece, ctx)
    if piece.at is None:
        return When(start=_to_utc(datetime.combine(day, time()), ctx), end=None, all_day=True)
    start = _to_utc(datetime.combine(day, piece.at), ctx, strict=True)
    _check_start(start, ctx)
    return When(start=start, end=None, all_day=False)


def _range(left: _Piece, right: _Piece, ctx: _Context) -> When:
    if left.instant is not None or right.instant is not None:
        raise ctx.fail("dates-error-unparseable")
    if not left.has_date and not left.day_only and left.at is not None and right.has_date:
        # "15:00-17:00 25.12": a time range typed before its day.
        left, right = replace(right, at=left.at), _Piece(at=right.at)
    if not right.has_date:
        # "25.11 15:00-17:00": a time range on one day.
        if not left.has_date or left.day_only:
            raise ctx.fail("dates-error-no-day")
        if left.at is None or right.at is None:
            raise ctx.fail("dates-error-unparseable")
        day = _resolve_start(left, ctx)
        start = _to_utc(datetime.combine(day, left.at), ctx, strict=True)
        end = _to_utc(datetime.combine(day, right.at), ctx, strict=True)
        _check_start(start, ctx)
        _check_end(start, end, ctx)
        return When(start=start, end=end, all_day=False)
    if (left.at is None) != (right.at is None):
        raise ctx.fail("dates-error-unparseable")
    if left.day_only:
        if right.fixed is not None:
            raise ctx.fail("dates-error-unparseable")
        left = _Piece(day=left.day, month=right.month, year=right.year, at=left.at)
    elif not left.has_date:
        raise ctx.fail("dates-error-no-day")
    first = _resolve_start(left, ctx)
    last = _resolve_after(right, first, ctx)
    if left.at is None or right.at is None:
        start = _to_utc(datetime.combine(first, time()), ctx)
        end = _to_utc(datetime.combine(last, _END_OF_DAY), ctx)
        if first < ctx.today:
            raise ctx.fail("dates-error-past")
        if last < first:
            raise ctx.fail("dates-error-end-before-start")
        _check_length(start, end, ctx)
        return When(start=start, end=end, all_day=True)
    start = _to_utc(datetime.combine(first, left.at), ctx, strict=True)
    end = _to_utc(datetime.combine(last, right.at), ctx, strict=True)
    _check_start(start, ctx)
    _check_end(start, end, ctx)
    return When(start=start, end=end, all_day=False)


def _check_start(start: datetime, ctx: _Context) -> None:
    if start <= ctx.now:
        raise ctx.fail("dates-error-past")


def _check_end(start: datetime, end: datetime, ctx: _Context) -> None:
    if end <= start:
        raise ctx.fail("dates-error-end-before-start")
    if end <= ctx.now:
        raise ctx.fail("dates-error-past")
    _check_length(start, end, ctx)


def _check_length(start: datetime, end: datetime, ctx: _Context) -> None:
    if end - start > timedelta(days=MAX_RANGE_DAYS):
        raise ctx.fail("dates-error-range-too-long", days=MAX_RANGE_DAYS)


# ---------------------------------------------------------------- years


def _resolve_start(piece: _Piece, ctx: _Context) -> date:
    """The calendar day of a start (or a single date), by the academic-year rule."""
    if piece.fixed is not None:
        if piece.fixed < ctx.today:
            raise ctx.fail("dates-error-past")
        if piece.weekday_today and piece.at is not None:
            today_at = datetime.combine(ctx.today, piece.at)
            if today_at > ctx.local_now:
                return ctx.today
        return piece.fixed
    day, month = piece.day_month()
    if piece.year is not None:
        return _checked_date(piece.year, month, day, ctx)
    today = ctx.today
    first_year = today.year if today.month >= 9 else today.year - 1
    year = first_year if month >= 9 else first_year + 1
    candidate = _calendar_date(year, month, day, ctx)
    if candidate >= today:
        return _checked_date(year, month, day, ctx)
    if 5 <= today.month <= 8 and month >= 9:
        return _checked_date(year + 1, month, day, ctx)
    raise ctx.fail("dates-error-past")


def _resolve_after(piece: _Piece, first: date, ctx: _Context) -> date:
    """The calendar day of an end: the start's year, or the next one over New Year."""
    if piece.fixed is not None:
        return piece.fixed
    day, month = piece.day_month()
    if piece.year is not None:
        return _checked_date(piece.year, month, day, ctx)
    year = first.year + 1 if month < first.month else first.year
    return _checked_date(year, month, day, ctx)


def _checked_date(year: int, month: int, day: int, ctx: _Context) -> date:
    """A real calendar day in this calendar year or the next two."""
    if not ctx.today.year <= year <= ctx.today.year + YEARS_AHEAD:
        raise ctx.fail(
            "dates-error-year",
            first=str(ctx.today.year),
            last=str(ctx.today.year + YEARS_AHEAD),
        )
    return _calendar_date(year, month, day, ctx)


def _calendar_date(year: int, month: int, day: int, ctx: _Context) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ctx.fail("dates-error-bad-date") from None


# ---------------------------------------------------------------- reading the text


def _normalize(text: str) -> str:
    s = text.strip().lower().replace(_YO, _YE)
    s = _DASHES.sub("-", s)
    s = re.sub(r"(?<!\d),|,(?!\d)", " ", s)
    s = _YEAR_MARK.sub(r"\1", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip(". ")


def _split_range(norm: str, ctx: _Context) -> tuple[str, str | None]:
    s = _LEADING_FROM.sub("", _LEADING_ON.sub("", norm))
    words = list(_RANGE_WORD.finditer(s))
    if len(words) > 1:
        raise ctx.fail("dates-error-unparseable")
    if words:
        cut = words[0]
        left, right = s[: cut.start()].strip(), s[cut.end() :].strip()
    else:
        parts = s.split("-")
        if len(parts) == 1:
            return s, None
        if len(parts) > 2:
            raise ctx.fail("dates-error-unparseable")
        left, right = parts[0].strip(), parts[1].strip()
    if not left or not right:
        raise ctx.fail("dates-error-unparseable")
    return left, right


def _parse_piece(part: str, ctx: _Context, *, after_time: bool) -> _Piece:
    """One side of a range: its date and its time of day (at the end, or "10:00 tomorrow")."""
    at: time | None = None
    rest = part
    if after_time:
        bare = _BARE_NUMBER.match(part)
        if bare:
            return _Piece(at=_checked_time(int(bare.group(1)), 0, ctx))
    match = _LEADING_TIME.match(rest)
    if match:
        # "15:00 25.12", "10:00 tomorrow": the time first, then the day (never a time too).
        at = _checked_time(int(match.group(1)), int(match.group(2)), ctx)
        return _parse_date(match.group(3), at, ctx)
    match = _TIME_HM.search(rest)
    if match:
        before = rest[: match.start()].strip()
        hour, minute = int(match.group(1)), int(match.group(3))
        if before or match.group(2) == ":":
            at = _checked_time(hour, minute, ctx)
            rest = before
        elif after_time and hour <= 23 and minute <= 59 and not 1 <= minute <= 12:
            # After a time, a lone "17.00" or "17.30" is a time; "10.12" stays a date.
            at = time(hour, minute)
            rest = before
    if at is None:
        match = _TIME_H.search(rest)
        if match:
            at = _checked_time(int(match.group(1)), 0, ctx)
            rest = rest[: match.start()].strip()
    if not rest:
        return _Piece(at=at)
    return _parse_date(rest, at, ctx)


def _checked_time(hour: int, minute: int, ctx: _Context) -> time:
    if hour > 23 or minute > 59:
        raise ctx.fail("dates-error-bad-time")
    return time(hour, minute)


def _parse_date(part: str, at: time | None, ctx: _Context) -> _Piece:
    numeric = _NUMERIC_DATE.match(part)
    if numeric:
        day, month = int(numeric.group(1)), int(numeric.group(2))
        year_text = numeric.group(3)
        year = None
        if year_text is not None:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        _check_day_month(day, month, ctx)
        return _Piece(day=day, month=month, year=year, at=at)
    bare = _BARE_NUMBER.match(part)
    if bare:
        day = int(bare.group(1))
        if not 1 <= day <= 31:
            raise ctx.fail("dates-error-bad-date")
        return _Piece(day=day, at=at)
    if not _LETTER.search(part):
        raise ctx.fail("dates-error-unparseable")
    return _parse_words(part, at, ctx)


def _check_day_month(day: int, month: int, ctx: _Context) -> None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise ctx.fail("dates-error-bad-date")


def _parse_words(part: str, at: time | None, ctx: _Context) -> _Piece:
    """Month names and relative words, through dateparser.

    dateparser skips words it does not know ("tomorrow somewhere" would quietly lose
    "somewhere"), so its own translation of the text into canonical English ("25 november 2026",
    "in 1 day", "friday") must have one of the shapes below; anything else is refused.
    """
    base = ctx.local_now.replace(second=0, microsecond=0)
    parser = DateDataParser(languages=_LANGUAGES, settings={**_SETTINGS, "RELATIVE_BASE": base})
    found = parser.get_date_data(part)
    shape = _canonical(part, found.locale)
    day_month = _SHAPE_DAY_MONTH.match(shape)
    if found.date_obj is None:
        raise ctx.fail("dates-error-bad-date" if day_month else "dates-error-unparseable")
    parsed: datetime = found.date_obj
    if day_month:
        year = parsed.year if day_month.group("year") else None
        return _Piece(day=parsed.day, month=parsed.month, year=year, at=at)
    relative = _SHAPE_RELATIVE.match(shape)
    if relative and relative.group("unit") in ("hour", "minute"):
        if at is not None:
            raise ctx.fail("dates-error-unparseable")
        return _Piece(instant=parsed.replace(second=0, microsecond=0))
    if relative:
        return _Piece(fixed=parsed.date(), at=at)
    if _SHAPE_WEEKDAY.match(shape):
        # dateparser takes a weekday that names today as the same day next week.
        weekday_today = parsed.date() == ctx.today + timedelta(days=7)
        return _Piece(fixed=parsed.date(), at=at, weekday_today=weekday_today, weekday=True)
    if _SHAPE_MONTH.match(shape):
        raise ctx.fail("dates-error-no-day")
    raise ctx.fail("dates-error-unparseable")


def _canonical(part: str, language: str | None) -> str:
    """dateparser's translation of ``part`` into its canonical English words."""
    locale = _LOCALES.get(language or "ru", _LOCALES["ru"])
    words = locale.translate(part, settings=_TRANSLATE_SETTINGS).lower()
    words = re.sub(r"(\d{4}) year\b", r"\1", words)
    words = re.sub(r"(?<=[a-z])\.", " ", words)
    return re.sub(r"\s+", " ", words).strip()


def _duration(norm: str) -> timedelta | None:
    """2 hours, 1,5 hours, 90 minutes, 3 days, 1 h 30 min (in Russian); None if not a duration."""
    s = re.sub(r"(\d),(\d)", r"\1.\2", norm)
    words = _LOCALES["ru"].translate(s, settings=_TRANSLATE_SETTINGS)
    words = re.sub(r"^\s*in\s+", "", words).strip()
    if not words:
        return None
    seconds = 0.0
    pos = 0
    for match in _DURATION_TOKEN.finditer(words):
        if words[pos : match.start()].strip():
            return None
        amount = float(match.group(1)) if match.group(1) else 1.0
        seconds += amount * _DURATION_UNITS[match.group(2)]
        pos = match.end()
    if pos == 0 or words[pos:].strip():
        return None
    return timedelta(minutes=round(seconds / 60))


# ---------------------------------------------------------------- zones and formatting


def _to_utc(local: datetime, ctx: _Context, *, strict: bool = False) -> datetime:
    """A local wall-clock time in ``ctx.tz`` as UTC; the first one when the clocks fall back.

    ``strict``: refuse a wall-clock time the clocks jump over (a typed time); otherwise
    (midnight of an all-day date) take what the zone makes of it.
    """
    aware = local.replace(tzinfo=ctx.tz, fold=0)
    utc = aware.astimezone(UTC)
    if strict and utc.astimezone(ctx.tz).replace(tzinfo=None) != local:
        raise ctx.fail(
            "dates-error-no-such-time",
            time=_hm(local),
            earlier=_typed(local - timedelta(hours=1)),
            later=_typed(local + timedelta(hours=1)),
        )
    return utc


def _month(month: int, i18n: Gettext) -> str:
    return i18n("dates-month-genitive", month=month)


def _day_month(day: date, i18n: Gettext) -> str:
    return i18n("dates-day-month", day=str(day.day), month=_month(day.month, i18n))


def _full_date(day: date, i18n: Gettext) -> str:
    return i18n("dates-date", day=str(day.day), month=_month(day.month, i18n), year=str(day.year))


def _hm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _typed(moment: datetime) -> str:
    """A local time written the way a person would type it: "28.03 03:30"."""
    return moment.strftime("%d.%m %H:%M")
