"""Event dates typed by teachers: what is accepted, what is refused and why, how it looks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fast

from bot.i18n import LOCALES_DIR, Translator
from bot.services.dates import When, examples, format_when, parse_end, parse_past_day, parse_when
from bot.services.errors import DomainError

MOSCOW = ZoneInfo("Europe/Moscow")
YEKATERINBURG = ZoneInfo("Asia/Yekaterinburg")
BERLIN = ZoneInfo("Europe/Berlin")
ZONES = [pytest.param(MOSCOW, id="moscow"), pytest.param(YEKATERINBURG, id="yekaterinburg")]

TRANSLATOR = Translator()
RU = TRANSLATOR.bind("ru")
EN = TRANSLATOR.bind("en")

Local = tuple[int, int, int, int, int] | tuple[int, int, int, int, int, int]


def now_at(tz: tzinfo, *parts: int) -> datetime:
    """An aware UTC "now" given as local wall-clock parts; default Monday 23.11.2026 09:00."""
    local = datetime(*(parts or (2026, 11, 23, 9, 0)), tzinfo=tz)
    return local.astimezone(UTC)


def utc(tz: tzinfo, parts: Local) -> datetime:
    return datetime(*parts, tzinfo=tz).astimezone(UTC)


def refusal(call, *args) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        call(*args)
    return caught.value


def assert_explained(error: DomainError, text: str) -> None:
    """The refusal names what was typed and shows a right input, in both languages."""
    ru = RU(error.key, **error.params)
    en = EN(error.key, **error.params)
    assert ru != error.key, f"no text for {error.key}"
    assert en != error.key, f"no English text for {error.key}"
    assert "например" in ru.lower()
    assert "for example" in en.lower()
    if text.strip():
        assert error.params["text"] == text.strip()
        assert text.strip() in ru


# ---------------------------------------------------------------- accepted


ACCEPTED: list[tuple[str, Local, Local | None, bool]] = [
    ("25.11 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25.11.2026 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25.11.26 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25/11 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25.11 в 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25.11 15.00", (2026, 11, 25, 15, 0), None, False),
    ("25.11, 15:00", (2026, 11, 25, 15, 0), None, False),
    ("  25.11   15:00  ", (2026, 11, 25, 15, 0), None, False),
    ("25.11 в 15", (2026, 11, 25, 15, 0), None, False),
    ("25.11.2026г 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25 ноября в 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25 ноября 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25 Ноября в 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25 нояб. 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25 ноября 2026 года в 15:00", (2026, 11, 25, 15, 0), None, False),
    ("двадцать пятого ноября в 15:00", (2026, 11, 25, 15, 0), None, False),
    ("25 ноября", (2026, 11, 25, 0, 0), None, True),
    ("25.11", (2026, 11, 25, 0, 0), None, True),
    ("5 декабря", (2026, 12, 5, 0, 0), None, True),
    ("05.06", (2027, 6, 5, 0, 0), None, True),
    ("23.01", (2027, 1, 23, 0, 0), None, True),
    ("23 января", (2027, 1, 23, 0, 0), None, True),
    ("31.08 10:00", (2027, 8, 31, 10, 0), None, False),
    ("25.11.2027 15:00", (2027, 11, 25, 15, 0), None, False),
    ("25.11.28", (2028, 11, 25, 0, 0), None, True),
    ("29.02.2028", (2028, 2, 29, 0, 0), None, True),
    ("завтра в 10:00", (2026, 11, 24, 10, 0), None, False),
    ("Завтра в 10", (2026, 11, 24, 10, 0), None, False),
    ("завтра", (2026, 11, 24, 0, 0), None, True),
    ("сегодня в 18:30", (2026, 11, 23, 18, 30), None, False),
    ("сегодня", (2026, 11, 23, 0, 0), None, True),
    ("послезавтра 9:00", (2026, 11, 25, 9, 0), None, False),
    ("в пятницу 14:30", (2026, 11, 27, 14, 30), None, False),
    ("в пятницу в 9", (2026, 11, 27, 9, 0), None, False),
    ("в пятницу", (2026, 11, 27, 0, 0), None, True),
    ("во вторник 9:00", (2026, 11, 24, 9, 0), None, False),
    ("в среду в 16:00", (2026, 11, 25, 16, 0), None, False),
    ("в субботу", (2026, 11, 28, 0, 0), None, True),
    ("через 3 дня", (2026, 11, 26, 0, 0), None, True),
    ("через неделю", (2026, 11, 30, 0, 0), None, True),
    ("через 2 часа", (2026, 11, 23, 11, 0), None, False),
    ("tomorrow at 10:00", (2026, 11, 24, 10, 0), None, False),
    ("на завтра в 10:00", (2026, 11, 24, 10, 0), None, False),
    ("на 25.11 15:00", (2026, 11, 25, 15, 0), None, False),
    ("10:00 завтра", (2026, 11, 24, 10, 0), None, False),
    ("в 15:00 в пятницу", (2026, 11, 27, 15, 0), None, False),
    ("25 ноября около 15:00", (2026, 11, 25, 15, 0), None, False),
    ("первого декабря в 9:30", (2026, 12, 1, 9, 30), None, False),
    ("через 1,5 часа", (2026, 11, 23, 10, 30), None, False),
    # ranges of days: all day, the end at the end of the last day
    ("23-27.01", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("23.01-27.01", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("23.01 - 27.01", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("23.01 — 27.01", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("23 - 27 января", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("23–27 января", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("с 23 по 27 января", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("со 2 по 6 декабря", (2026, 12, 2, 0, 0), (2026, 12, 6, 23, 59, 59), True),
    ("с 23.01 по 27.01", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("28 января - 3 февраля", (2027, 1, 28, 0, 0), (2027, 2, 3, 23, 59, 59), True),
    ("28.12-03.01", (2026, 12, 28, 0, 0), (2027, 1, 3, 23, 59, 59), True),
    ("1-31.01", (2027, 1, 1, 0, 0), (2027, 1, 31, 23, 59, 59), True),
    ("23-27.01.2027", (2027, 1, 23, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    ("27-27.01", (2027, 1, 27, 0, 0), (2027, 1, 27, 23, 59, 59), True),
    # a time range on one day
    ("25.11 15:00-17:00", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 0), False),
    ("25.11 15:00 - 17:00", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 0), False),
    ("25.11 15.00-17.00", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 0), False),
    ("25.11 15:00-17", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 0), False),
    ("25.11 с 15:00 до 17:00", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 0), False),
    ("25 ноября с 15 до 17", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 0), False),
    ("25 ноября в 15:00-17:30", (2026, 11, 25, 15, 0), (2026, 11, 25, 17, 30), False),
    ("завтра с 10 до 12", (2026, 11, 24, 10, 0), (2026, 11, 24, 12, 0), False),
    # from a day and time to another day and time
    ("23.01 10:00 - 27.01 17:00", (2027, 1, 23, 10, 0), (2027, 1, 27, 17, 0), False),
    ("завтра 10:00 - послезавтра 12:00", (2026, 11, 24, 10, 0), (2026, 11, 25, 12, 0), False),
]


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(("text", "start", "end", "all_day"), ACCEPTED)
def test_accepted(tz: tzinfo, text: str, start: Local, end: Local | None, all_day: bool) -> None:
    when = parse_when(text, now_at(tz), tz)
    assert when == When(start=utc(tz, start), end=utc(tz, end) if end else None, all_day=all_day)
    assert when.start.utcoffset() == timedelta(0)
    assert when.end is None or when.end.utcoffset() == timedelta(0)


# The time typed before the date: one moment, never a range.
TIME_FIRST: list[tuple[str, Local, Local | None]] = [
    ("в 15:00 25.12", (2026, 12, 25, 15, 0), None),
    ("15:00 25.12", (2026, 12, 25, 15, 0), None),
    ("15:00, 25.12", (2026, 12, 25, 15, 0), None),
    ("в 15:00 25.12.2026", (2026, 12, 25, 15, 0), None),
    ("15:00 25 декабря", (2026, 12, 25, 15, 0), None),
    ("в 15:00 25 декабря", (2026, 12, 25, 15, 0), None),
    ("в 9:30 01.12", (2026, 12, 1, 9, 30), None),
    ("в 10:00 23.01", (2027, 1, 23, 10, 0), None),
    ("на 15:00 25.12", (2026, 12, 25, 15, 0), None),
    ("с 15:00 до 17:00 25.12", (2026, 12, 25, 15, 0), (2026, 12, 25, 17, 0)),
    ("15:00-17:00 25.12", (2026, 12, 25, 15, 0), (2026, 12, 25, 17, 0)),
]


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(("text", "start", "end"), TIME_FIRST)
def test_time_before_the_date(tz: tzinfo, text: str, start: Local, end: Local | None) -> None:
    when = parse_when(text, now_at(tz), tz)
    assert when == When(start=utc(tz, start), end=utc(tz, end) if end else None, all_day=False)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("в 25:00 25.12", "dates-error-bad-time"),
        ("в 15:00 31.02", "dates-error-bad-date"),
        ("в 15:00 20.11", "dates-error-past"),
        ("15:00 25.12 16:00", "dates-error-unparseable"),
    ],
)
def test_time_before_the_date_refused(text: str, key: str) -> None:
    error = refusal(parse_when, text, now_at(MOSCOW), MOSCOW)
    assert error.key == key
    assert_explained(error, text)


def test_results_are_utc_shifted_by_the_zone() -> None:
    moscow = parse_when("25.11 15:00", now_at(MOSCOW), MOSCOW)
    yekaterinburg = parse_when("25.11 15:00", now_at(YEKATERINBURG), YEKATERINBURG)
    assert moscow.start == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert yekaterinburg.start == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert parse_when("23-27.01", now_at(YEKATERINBURG), YEKATERINBURG).start == datetime(
        2027, 1, 22, 19, 0, tzinfo=UTC
    )


def test_today_is_the_local_day_not_the_utc_one() -> None:
    # 20:30 UTC on the 23rd is already 01:30 on the 24th in Yekaterinburg.
    now = datetime(2026, 11, 23, 20, 30, tzinfo=UTC)
    assert parse_when("сегодня", now, YEKATERINBURG).start == utc(
        YEKATERINBURG, (2026, 11, 24, 0, 0)
    )
    assert parse_when("завтра в 10:00", now, YEKATERINBURG).start == utc(
        YEKATERINBURG, (2026, 11, 25, 10, 0)
    )
    error = refusal(parse_when, "23.11 15:00", now, YEKATERINBURG)
    assert error.key == "dates-error-past"
    # In Moscow it is still the 23rd, 23:30.
    assert parse_when("23.11 23:45", now, MOSCOW).start == utc(MOSCOW, (2026, 11, 23, 23, 45))
    assert parse_when("сегодня", now, MOSCOW).start == utc(MOSCOW, (2026, 11, 23, 0, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Today is Monday 09:00: a Monday with a time still ahead is today...
        ("в понедельник в 10", (2026, 11, 23, 10, 0)),
        ("в понедельник 18:30", (2026, 11, 23, 18, 30)),
        # ...a passed time or no time at all means next Monday.
        ("в понедельник в 8", (2026, 11, 30, 8, 0)),
        ("в понедельник в 9:00", (2026, 11, 30, 9, 0)),
        ("в понедельник", (2026, 11, 30, 0, 0)),
        ("пн", (2026, 11, 30, 0, 0)),
        # Other weekdays: the coming one.
        ("в воскресенье 12:00", (2026, 11, 29, 12, 0)),
    ],
)
def test_weekday_named_today(text: str, expected: Local) -> None:
    assert parse_when(text, now_at(MOSCOW), MOSCOW).start == utc(MOSCOW, expected)


# ---------------------------------------------------------------- academic year


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # typed in November 2026: the academic year 2026/27
        ((2026, 11, 23, 9, 0), "25.11", (2026, 11, 25)),
        ((2026, 11, 23, 9, 0), "23.01", (2027, 1, 23)),
        ((2026, 11, 23, 9, 0), "31.08", (2027, 8, 31)),
        ((2026, 11, 23, 9, 0), "10 июня", (2027, 6, 10)),
        ((2026, 11, 23, 9, 0), "23.11", (2026, 11, 23)),
        # typed on 1 September: the year has just begun
        ((2026, 9, 1, 9, 0), "01.09", (2026, 9, 1)),
        ((2026, 9, 1, 9, 0), "31.08", (2027, 8, 31)),
        # typed in May 2027: the rest of the year, and the autumn of the next one
        ((2027, 5, 20, 9, 0), "10.06", (2027, 6, 10)),
        ((2027, 5, 20, 9, 0), "31.08", (2027, 8, 31)),
        ((2027, 5, 20, 9, 0), "15.09", (2027, 9, 15)),
        ((2027, 5, 20, 9, 0), "15 сентября", (2027, 9, 15)),
        ((2027, 5, 20, 9, 0), "20.12", (2027, 12, 20)),
        # typed in July 2027
        ((2027, 7, 20, 9, 0), "01.09", (2027, 9, 1)),
        ((2027, 7, 20, 9, 0), "10.08", (2027, 8, 10)),
        ((2027, 7, 20, 9, 0), "15.01.2028", (2028, 1, 15)),
    ],
)
def test_date_without_year_is_in_the_academic_year(
    now: Local, text: str, expected: tuple[int, int, int]
) -> None:
    when = parse_when(text, now_at(MOSCOW, *now), MOSCOW)
    assert when.start.astimezone(MOSCOW).date() == datetime(*expected).date()


@pytest.mark.parametrize(
    ("now", "text"),
    [
        # a date already past in this academic year is refused, not moved a year ahead
        ((2026, 11, 23, 9, 0), "20.11"),
        ((2026, 11, 23, 9, 0), "01.09"),
        ((2026, 11, 23, 9, 0), "1 сентября"),
        ((2027, 5, 20, 9, 0), "15.05"),
        ((2027, 5, 20, 9, 0), "15.01"),
        ((2027, 4, 20, 9, 0), "15.09"),
        ((2027, 7, 20, 9, 0), "10.07"),
        ((2027, 7, 20, 9, 0), "15.01"),
    ],
)
def test_past_date_of_the_academic_year_is_refused(now: Local, text: str) -> None:
    error = refusal(parse_when, text, now_at(MOSCOW, *now), MOSCOW)
    assert error.key == "dates-error-past"
    assert_explained(error, text)


# ---------------------------------------------------------------- refused


REFUSED: list[tuple[str, str]] = [
    ("абв", "dates-error-unparseable"),
    ("ну в среду где-то", "dates-error-unparseable"),
    ("когда-нибудь", "dates-error-unparseable"),
    ("25.11 где-то в обед", "dates-error-unparseable"),
    ("25 ноября 15", "dates-error-unparseable"),
    ("25.11.2026.1", "dates-error-unparseable"),
    ("1-2-3", "dates-error-unparseable"),
    ("с 1 по 2 по 3", "dates-error-unparseable"),
    ("23.01 10:00 - 27.01", "dates-error-unparseable"),
    ("в 10 утра", "dates-error-unparseable"),
    # dateparser would quietly drop what it does not know; we refuse instead
    ("завтра где-то", "dates-error-unparseable"),
    ("25.11 завтра", "dates-error-unparseable"),
    ("сегодня 25", "dates-error-unparseable"),
    ("2 часа", "dates-error-unparseable"),
    ("2026", "dates-error-unparseable"),
    ("в следующую пятницу", "dates-error-unparseable"),
    ("через 2 часа в 10:00", "dates-error-unparseable"),
    ("", "dates-error-empty"),
    ("   ", "dates-error-empty"),
    ("15:00", "dates-error-no-day"),
    ("в 15:00", "dates-error-no-day"),
    ("25", "dates-error-no-day"),
    ("ноябрь", "dates-error-no-day"),
    ("ноябрь 2027", "dates-error-no-day"),
    ("31.02", "dates-error-bad-date"),
    ("30.02.2027", "dates-error-bad-date"),
    ("29.02", "dates-error-bad-date"),
    ("32.01", "dates-error-bad-date"),
    ("10.13", "dates-error-bad-date"),
    ("00.10", "dates-error-bad-date"),
    ("31 февраля", "dates-error-bad-date"),
    ("31.04 10:00", "dates-error-bad-date"),
    ("32-35.01", "dates-error-bad-date"),
    ("25:00", "dates-error-bad-time"),
    ("25.11 24:30", "dates-error-bad-time"),
    ("25.11 15:60", "dates-error-bad-time"),
    ("завтра в 25", "dates-error-bad-time"),
    ("20.11 10:00", "dates-error-past"),
    ("вчера", "dates-error-past"),
    ("вчера в 10:00", "dates-error-past"),
    ("сегодня в 08:00", "dates-error-past"),
    ("сегодня в 9:00", "dates-error-past"),
    ("20-27.11", "dates-error-past"),
    ("25.11 17:00-15:00", "dates-error-end-before-start"),
    ("25.11 15:00-15:00", "dates-error-end-before-start"),
    ("27-23.01", "dates-error-end-before-start"),
    ("25.11 с 22:00 до 01:00", "dates-error-end-before-start"),
    ("01.12-05.01", "dates-error-range-too-long"),
    ("1.01-1.02", "dates-error-range-too-long"),
    ("с 1 декабря по 10 января", "dates-error-range-too-long"),
    ("23.01 10:00 - 24.02 10:00", "dates-error-range-too-long"),
    ("25.11.2029", "dates-error-year"),
    ("25.11.2025 10:00", "dates-error-year"),
    ("25.11.25", "dates-error-year"),
    ("25 ноября 2030", "dates-error-year"),
]


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(("text", "key"), REFUSED)
def test_refused(tz: tzinfo, text: str, key: str) -> None:
    error = refusal(parse_when, text, now_at(tz), tz)
    assert error.key == key
    assert_explained(error, text)


def test_year_range_is_this_and_the_next_two_calendar_years() -> None:
    now = now_at(MOSCOW)
    assert parse_when("01.01.2028", now, MOSCOW).start == utc(MOSCOW, (2028, 1, 1, 0, 0))
    assert parse_when("31.12.2028", now, MOSCOW).start == utc(MOSCOW, (2028, 12, 31, 0, 0))
    error = refusal(parse_when, "01.01.2029", now, MOSCOW)
    assert error.key == "dates-error-year"
    assert (error.params["first"], error.params["last"]) == ("2026", "2028")
    assert "2026" in RU(error.key, **error.params)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("25.11 15:00", datetime(2026, 11, 23, 9, 0), MOSCOW)


# ---------------------------------------------------------------- daylight saving


def test_time_the_clocks_jump_over_is_refused() -> None:
    now = now_at(BERLIN, 2027, 3, 1, 9, 0)
    error = refusal(parse_when, "28.03.2027 02:30", now, BERLIN)
    assert error.key == "dates-error-no-such-time"
    assert_explained(error, "28.03.2027 02:30")
    assert (error.params["earlier"], error.params["later"]) == ("28.03 01:30", "28.03 03:30")
    # the suggested times are right inputs
    assert parse_when(error.params["later"], now, BERLIN).start == datetime(
        2027, 3, 28, 1, 30, tzinfo=UTC
    )
    assert refusal(parse_end, "02:30", utc(BERLIN, (2027, 3, 28, 1, 0)), now, BERLIN).key == (
        "dates-error-no-such-time"
    )
    # across the jump: 01:30 CET to 03:30 CEST is one hour
    when = parse_when("28.03 01:30-03:30", now, BERLIN)
    assert when.end is not None
    assert when.end - when.start == timedelta(hours=1)
    # an all-day date on that day is fine
    assert parse_when("28.03", now, BERLIN).all_day


def test_ambiguous_time_is_the_first_occurrence() -> None:
    now = now_at(BERLIN, 2027, 10, 1, 9, 0)
    when = parse_when("31.10.2027 02:30", now, BERLIN)
    # the first 02:30 is still summer time (UTC+2)
    assert when.start == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert when.start.astimezone(BERLIN).fold == 0
    span = parse_when("31.10 02:30-03:30", now, BERLIN)
    assert span.end is not None
    assert span.end - span.start == timedelta(hours=2)


# ---------------------------------------------------------------- parse_end

START = (2026, 11, 25, 15, 0)


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17:00", (2026, 11, 25, 17, 0)),
        ("в 17:00", (2026, 11, 25, 17, 0)),
        ("до 17:00", (2026, 11, 25, 17, 0)),
        ("до 17", (2026, 11, 25, 17, 0)),
        ("17", (2026, 11, 25, 17, 0)),
        ("17.30", (2026, 11, 25, 17, 30)),
        ("17.00", (2026, 11, 25, 17, 0)),
        ("2 часа", (2026, 11, 25, 17, 0)),
        ("2 ч", (2026, 11, 25, 17, 0)),
        ("час", (2026, 11, 25, 16, 0)),
        ("90 минут", (2026, 11, 25, 16, 30)),
        ("30 мин", (2026, 11, 25, 15, 30)),
        ("полчаса", (2026, 11, 25, 15, 30)),
        ("1,5 часа", (2026, 11, 25, 16, 30)),
        ("1.5 часа", (2026, 11, 25, 16, 30)),
        ("полтора часа", (2026, 11, 25, 16, 30)),
        ("1 ч 30 мин", (2026, 11, 25, 16, 30)),
        ("2 часа 30 минут", (2026, 11, 25, 17, 30)),
        ("3 дня", (2026, 11, 28, 15, 0)),
        ("2 недели", (2026, 12, 9, 15, 0)),
        ("2 hours", (2026, 11, 25, 17, 0)),
        ("26.11 10:00", (2026, 11, 26, 10, 0)),
        ("27 ноября в 12", (2026, 11, 27, 12, 0)),
        ("26.11", (2026, 11, 26, 23, 59, 59)),
        ("10.12", (2026, 12, 10, 23, 59, 59)),
        ("в пятницу", (2026, 11, 27, 23, 59, 59)),
    ],
)
def test_end_accepted(tz: tzinfo, text: str, expected: Local) -> None:
    assert parse_end(text, utc(tz, START), now_at(tz), tz) == utc(tz, expected)


def test_end_date_over_new_year_is_next_year() -> None:
    start = utc(MOSCOW, (2026, 12, 28, 10, 0))
    assert parse_end("03.01 12:00", start, now_at(MOSCOW), MOSCOW) == utc(
        MOSCOW, (2027, 1, 3, 12, 0)
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("абв", "dates-error-end-unclear"),
        ("", "dates-error-end-unclear"),
        ("когда закончим", "dates-error-end-unclear"),
        ("14:00", "dates-error-end-too-early"),
        ("15:00", "dates-error-end-too-early"),
        ("0 минут", "dates-error-end-too-early"),
        ("24.11", "dates-error-end-too-early"),
        ("завтра в 10", "dates-error-end-too-early"),
        ("40 дней", "dates-error-end-too-far"),
        ("5 недель", "dates-error-end-too-far"),
        ("27.12 10:00", "dates-error-end-too-far"),
        ("25:00", "dates-error-bad-time"),
        ("17:75", "dates-error-bad-time"),
        ("31.11", "dates-error-bad-date"),
        ("26.11.2031", "dates-error-year"),
    ],
)
def test_end_refused(text: str, key: str) -> None:
    error = refusal(parse_end, text, utc(MOSCOW, START), now_at(MOSCOW), MOSCOW)
    assert error.key == key
    assert_explained(error, text)


# ---------------------------------------------------------------- texts


def _error_keys() -> set[str]:
    path = LOCALES_DIR / "ru" / "dates.ftl"
    resource = FluentParser().parse(Path(path).read_text(encoding="utf-8"))
    return {
        e.id.name
        for e in resource.body
        if isinstance(e, fast.Message) and e.id.name.startswith("dates-error-")
    }


SAMPLE_PARAMS = {
    **examples(now_at(MOSCOW), MOSCOW, utc(MOSCOW, START)),
    "text": "что-то",
    "example_year": "2027",
    "days": 31,
    "first": "2026",
    "last": "2028",
    "time": "02:30",
    "earlier": "25.11 14:00",
    "later": "25.11 16:00",
}
END_KEYS = {"dates-error-end-unclear", "dates-error-end-too-early", "dates-error-end-too-far"}
# The refusals of a day that has been (a meeting's date): their examples are such days.
PAST_KEYS = {
    "dates-error-day-empty",
    "dates-error-day-unclear",
    "dates-error-day-bad",
    "dates-error-one-day",
    "dates-error-future",
}


@pytest.mark.parametrize("key", sorted(_error_keys()))
def test_every_refusal_text_gives_examples_that_are_accepted(key: str) -> None:
    text = RU(key, **SAMPLE_PARAMS)
    assert "{" not in text
    assert "например" in text.lower()
    assert "for example" in EN(key, **SAMPLE_PARAMS).lower()
    tail = text.lower().split("например:", 1)[1].strip().rstrip(".")
    examples = [e.strip() for e in re.split(r",\s|\sили\s", tail)]
    assert examples
    now = now_at(MOSCOW)
    for example in examples:
        if key in END_KEYS:
            parse_end(example, utc(MOSCOW, START), now, MOSCOW)
        elif key in PAST_KEYS:
            parse_past_day(example, now, MOSCOW)
        else:
            parse_when(example, now, MOSCOW)


def test_range_too_long_says_thirty_one_days() -> None:
    error = refusal(parse_when, "01.12-05.01", now_at(MOSCOW), MOSCOW)
    assert "не больше 31 дня" in RU(error.key, **error.params)
    assert "at most 31 days" in EN(error.key, **error.params)


@pytest.mark.parametrize(
    ("text", "ru", "en"),
    [
        ("25.11 15:00", "25 ноября 2026, 15:00", "25 November 2026, 15:00"),
        ("25.11 15:00-17:00", "25 ноября 2026, 15:00–17:00", "25 November 2026, 15:00–17:00"),
        ("25 ноября", "25 ноября 2026", "25 November 2026"),
        ("05.06", "5 июня 2027", "5 June 2027"),
        ("23-27.01", "23–27 января 2027", "23–27 January 2027"),
        ("28.01-03.02", "28 января – 3 февраля 2027", "28 January – 3 February 2027"),
        (
            "28.12-03.01",
            "28 декабря 2026 – 3 января 2027",
            "28 December 2026 – 3 January 2027",
        ),
        (
            "23.01 10:00 - 27.01 17:00",
            "23 января 2027, 10:00 – 27 января 2027, 17:00",
            "23 January 2027, 10:00 – 27 January 2027, 17:00",
        ),
        ("27-27.01", "27 января 2027", "27 January 2027"),
    ],
)
@pytest.mark.parametrize("tz", ZONES)
def test_format_when(tz: tzinfo, text: str, ru: str, en: str) -> None:
    when = parse_when(text, now_at(tz), tz)
    assert format_when(when, tz, RU) == ru
    assert format_when(when, tz, EN) == en


def test_every_month_has_its_genitive_name() -> None:
    names = [RU("dates-month-genitive", month=m) for m in range(1, 13)]
    assert names[0] == "января"
    assert names[4] == "мая"
    assert names[11] == "декабря"
    assert len(set(names)) == 12
    assert len({EN("dates-month-genitive", month=m) for m in range(1, 13)}) == 12


# ---------------------------------------------------------------- examples from today


def _examples_in(text: str, marker: str, joiner: str) -> list[str]:
    tail = text.lower().split(marker, 1)[1].strip()
    tail = tail.split(". ", 1)[0].rstrip(".")
    return [e.strip() for e in re.split(rf",\s|\s{joiner}\s", tail) if e.strip()]


def _todays() -> list[Local]:
    """A day every eleven days over an academic year at 09:00, and the ends of months and of
    the year late in the evening."""
    days: list[Local] = [
        (d.year, d.month, d.day, 9, 0)
        for d in (datetime(2026, 9, 1) + timedelta(days=n) for n in range(0, 366, 11))
    ]
    for year, month, first, last in ((2026, 11, 22, 30), (2026, 12, 23, 31), (2027, 2, 20, 28)):
        days += [(year, month, d, 23, 30) for d in range(first, last + 1, 2)]
    days += [(2027, 6, d, 23, 30) for d in (1, 10, 25, 30)]
    days += [(2027, 8, d, 23, 30) for d in range(21, 32, 2)]
    return days


TODAYS = _todays()


@pytest.mark.parametrize("key", sorted(_error_keys()))
def test_every_example_is_accepted_whatever_the_day(key: str) -> None:
    """The examples the refusals give are computed from today: typed back on any day of the
    year, each is accepted (the fixed ones, «25.11 15:00», were past from late November)."""
    for today in TODAYS:
        now = now_at(MOSCOW, *today)
        start = now + timedelta(days=2)
        params = {**SAMPLE_PARAMS, **examples(now, MOSCOW, start)}
        for i18n, marker, joiner in ((RU, "например:", "или"), (EN, "for example:", "or")):
            for example in _examples_in(i18n(key, **params), marker, joiner):
                if not re.search(r"\d", example) and i18n is EN:
                    continue  # the words of an English text around its examples
                try:
                    if key in END_KEYS:
                        parse_end(example, start, now, MOSCOW)
                    elif key in PAST_KEYS:
                        parse_past_day(example, now, MOSCOW)
                    elif key != "dates-error-no-such-time":
                        parse_when(example, now, MOSCOW)
                except DomainError as error:
                    raise AssertionError(f"{key} on {today}: {example!r} refused") from error


@pytest.mark.parametrize(
    "today", [(2026, 11, 26, 9, 0), (2026, 11, 30, 18, 0), (2027, 6, 15, 9, 0)], ids=str
)
@pytest.mark.parametrize("typed", ["31.02", "25:00", "абв", "15:00", "25.11 17:00-15:00"])
def test_a_refusal_suggests_what_it_accepts(today: Local, typed: str) -> None:
    now = now_at(MOSCOW, *today)
    error = refusal(parse_when, typed, now, MOSCOW)
    text = RU(error.key, **error.params)
    suggested = _examples_in(text, "например:", "или")
    assert len(suggested) >= 2
    assert "25.11" not in suggested[0]
    for example in suggested:
        parse_when(example, now, MOSCOW)


def test_examples_name_a_day_about_a_week_ahead_the_russian_way() -> None:
    now = now_at(MOSCOW, 2026, 11, 26, 9, 0)
    error = refusal(parse_when, "31.02", now, MOSCOW)
    assert RU(error.key, **error.params).endswith("например: 03.12 10:00 или 3 декабря.")
    error = refusal(parse_when, "01.12-05.01", now, MOSCOW)
    assert RU(error.key, **error.params).endswith("например: 3-7.12 или с 3 по 7 декабря.")
    # late in a month, the range moves to the next one rather than cross it
    now = now_at(MOSCOW, 2027, 6, 20, 9, 0)
    error = refusal(parse_when, "01.07-05.08", now, MOSCOW)
    assert RU(error.key, **error.params).endswith("например: 1-5.07 или с 1 по 5 июля.")
    error = refusal(parse_end, "абв", utc(MOSCOW, (2027, 6, 30, 23, 0)), now, MOSCOW)
    assert "например: 01.07 01:00, 01.07 12:00, 2 часа или 90 минут" in RU(
        error.key, **error.params
    )


# ---------------------------------------------------------------- a day that has been


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("20.11", date(2026, 11, 20)),
        ("25.11", date(2025, 11, 25)),  # not yet this year: the last one
        ("20.11.2026", date(2026, 11, 20)),
        ("20 ноября", date(2026, 11, 20)),
        ("вчера", date(2026, 11, 22)),
        ("сегодня", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 22)),
        ("2 дня назад", date(2026, 11, 21)),
        ("в понедельник", date(2026, 11, 23)),  # today is a Monday
        ("в среду", date(2026, 11, 18)),  # the last one
        ("15", date(2026, 11, 15)),
        ("30", date(2026, 10, 30)),
        ("20.11 15:00", date(2026, 11, 20)),  # a time is ignored
        ("28.08.2026", date(2026, 8, 28)),
    ],
)
def test_a_day_that_has_been(typed: str, day: date) -> None:
    assert parse_past_day(typed, now_at(MOSCOW, 2026, 11, 23, 9, 0), MOSCOW) == day


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "dates-error-day-empty"),
        ("завтра", "dates-error-future"),
        ("25.12.2026", "dates-error-future"),
        ("20-21.11", "dates-error-one-day"),
        ("31.02", "dates-error-day-bad"),
        ("абв", "dates-error-day-unclear"),
        ("ноябрь", "dates-error-day-unclear"),
    ],
)
def test_a_day_that_has_been_refused(typed: str, key: str) -> None:
    now = now_at(MOSCOW, 2026, 11, 23, 9, 0)
    error = refusal(parse_past_day, typed, now, MOSCOW)
    assert error.key == key
    text = RU(error.key, **error.params)
    assert "16.11.2026" in text, "a day a week ago is suggested"
    parse_past_day("16.11.2026", now, MOSCOW)
