"""The «Срок» cell of a roadmap: every form the roadmaps use, the standing forms, and fuzz."""

from __future__ import annotations

import random
from datetime import date

import pytest

from bot.services.calendar import (
    academic_month_year,
    academic_months,
    half_years,
    month_end,
    school_quarters,
)
from bot.services.roadmap.terms import Recurrence, TermKind, parse_term

PLAN = 2026  # the 2026–2027 academic year
D = date
QUARTER_ENDS = (D(2026, 10, 31), D(2026, 12, 31), D(2027, 3, 31), D(2027, 5, 31))
ONCE, YEARLY, MONTHS = Recurrence.ONCE, Recurrence.YEARLY, Recurrence.MONTHS

# text, due dates, starts, recurrence
DATED = [
    # a month
    ("Сентябрь", (D(2026, 9, 30),), None, ONCE),
    ("в декабре", (D(2026, 12, 31),), None, ONCE),
    ("Январь", (D(2027, 1, 31),), None, ONCE),
    ("май", (D(2027, 5, 31),), None, ONCE),
    ("Июнь", (D(2027, 6, 30),), None, ONCE),
    ("в течение сентября", (D(2026, 9, 30),), None, ONCE),
    # a month and a year
    ("Декабрь 2020", (D(2020, 12, 31),), None, ONCE),
    (" Декабрь 2020", (D(2020, 12, 31),), None, ONCE),
    ("Апрель  2021", (D(2021, 4, 30),), None, ONCE),
    ("Июнь, 2021", (D(2021, 6, 30),), None, ONCE),
    ("Февраль 2027", (D(2027, 2, 28),), None, ONCE),
    ("Декабрь 2020 года", (D(2020, 12, 31),), None, ONCE),
    # ranges of months
    ("Сентябрь-апрель", (D(2027, 4, 30),), D(2026, 9, 1), ONCE),
    ("Сентябрь -май", (D(2027, 5, 31),), D(2026, 9, 1), ONCE),
    ("Сентябрь- апрель", (D(2027, 4, 30),), D(2026, 9, 1), ONCE),
    ("Сентябрь – апрель", (D(2027, 4, 30),), D(2026, 9, 1), ONCE),
    ("Май-июнь", (D(2027, 6, 30),), D(2027, 5, 1), ONCE),
    ("Июль-август (ежегодно)", (D(2027, 8, 31),), D(2027, 7, 1), YEARLY),
    ("ежегодно, июнь-июль", (D(2027, 7, 31),), D(2027, 6, 1), YEARLY),
    ("с сентября по май", (D(2027, 5, 31),), D(2026, 9, 1), ONCE),
    ("Сентябрь 2026 - май 2027", (D(2027, 5, 31),), D(2026, 9, 1), ONCE),
    ("Ноябрь-декабрь 2020", (D(2020, 12, 31),), D(2020, 11, 1), ONCE),
    # lists of months
    (
        "ноябрь, декабрь, март, май",
        (D(2026, 11, 30), D(2026, 12, 31), D(2027, 3, 31), D(2027, 5, 31)),
        None,
        MONTHS,
    ),
    ("Октябрь. Ноябрь", (D(2026, 10, 31), D(2026, 11, 30)), None, MONTHS),
    (
        "Август\nНоябрь\nЯнварь\nМарт\nМай",
        (D(2026, 11, 30), D(2027, 1, 31), D(2027, 3, 31), D(2027, 5, 31), D(2027, 8, 31)),
        None,
        MONTHS,
    ),
    ("Сентябрь, Ноябрь, Январь", (D(2026, 9, 30), D(2026, 11, 30), D(2027, 1, 31)), None, MONTHS),
    # a day and a month
    ("до 15 сентября", (D(2026, 9, 15),), None, ONCE),
    ("до 15 сентября, ежегодно", (D(2026, 9, 15),), None, YEARLY),
    (
        "2 раза в год (на 1 сентября, на 1 февраля)",
        (D(2026, 9, 1), D(2027, 2, 1)),
        None,
        YEARLY,
    ),
    ("15.09", (D(2026, 9, 15),), None, ONCE),
    ("до 25.05", (D(2027, 5, 25),), None, ONCE),
    ("15.09.26", (D(2026, 9, 15),), None, ONCE),
    ("15.09.2026", (D(2026, 9, 15),), None, ONCE),
    # ranges of days
    ("23-27.01.23", (D(2023, 1, 27),), D(2023, 1, 23), ONCE),
    ("30.01.- 03.02.23", (D(2023, 2, 3),), D(2023, 1, 30), ONCE),
    ("24.04.- 06.05.23", (D(2023, 5, 6),), D(2023, 4, 24), ONCE),
    ("23-27.01.27", (D(2027, 1, 27),), D(2027, 1, 23), ONCE),
    ("30.01.-03.02.27", (D(2027, 2, 3),), D(2027, 1, 30), ONCE),
    ("28.12-10.01.27", (D(2027, 1, 10),), D(2026, 12, 28), ONCE),
    ("23-27.01", (D(2027, 1, 27),), D(2027, 1, 23), ONCE),
    ("23-27 января", (D(2027, 1, 27),), D(2027, 1, 23), ONCE),
    ("с 1 по 15 октября", (D(2026, 10, 15),), D(2026, 10, 1), ONCE),
    # yearly with a month
    ("ежегодно, октябрь", (D(2026, 10, 31),), None, YEARLY),
    ("декабрь, ежегодно", (D(2026, 12, 31),), None, YEARLY),
    # school quarters
    ("1 раз в четверть", QUARTER_ENDS, None, Recurrence.QUARTERLY),
    ("ежеквартально", QUARTER_ENDS, None, Recurrence.QUARTERLY),
    ("по 1 в четверть", QUARTER_ENDS, None, Recurrence.QUARTERLY),
    ("2 четверть", (D(2026, 12, 31),), None, ONCE),
    # half-years
    ("ежегодно 1 и 2 полугодие", (D(2026, 12, 31), D(2027, 5, 31)), None, YEARLY),
    ("1 и 2 полугодие", (D(2026, 12, 31), D(2027, 5, 31)), None, YEARLY),
    ("1 раз в полугодие", (D(2026, 12, 31), D(2027, 5, 31)), None, YEARLY),
    ("в конце 1 полугодия", (D(2026, 12, 31),), None, YEARLY),
    # monthly
    (
        "ежемесячно",
        tuple(month_end(y, m) for y, m in academic_months(PLAN)),
        None,
        Recurrence.MONTHLY,
    ),
    (
        "ежемесячно, сентябрь-декабрь",
        (D(2026, 9, 30), D(2026, 10, 31), D(2026, 11, 30), D(2026, 12, 31)),
        D(2026, 9, 1),
        Recurrence.MONTHLY,
    ),
    # standing words next to a date keep the date
    ("по графику, октябрь", (D(2026, 10, 31),), None, ONCE),
]

STANDING = [
    "в постоянном режиме",
    "В постоянном режиме",
    "постоянно",
    "в течение года",
    "В течение учебного года",
    "По мере необходимости",
    "по мере необходимости, ежегодно",
    "По графику",
    "по графику проведения олимпиад",
    "по запросу",
    "по запросу ОО",
    "Ежегодно",
    "ежегодно.",
    "2021 год",
    "2021год",
    "2021 г.",
    "2021-2024гг",
    "2021-2024 гг.",
    "2020-2022",
    "2020 – 2022",
    "Ежегодно, 2020-2022",
]

UNKNOWN = [
    "",
    "   ",
    "что-то",
    "маршрут",
    "31.02",
    "45 сентября",
    "после согласования",
    "Сентябрь и далее как решим",
    "1 и 2",
    "15",
    "13.13",
    "сентябрь 3025",
    "1 раз в четверть, октябрь",
    "х" * 1000,
]


@pytest.mark.parametrize(("text", "dates", "starts", "recurrence"), DATED)
def test_dated_forms(
    text: str, dates: tuple[date, ...], starts: date | None, recurrence: Recurrence
) -> None:
    term = parse_term(text, PLAN)
    assert term.kind is TermKind.DATED, term
    assert term.dates == dates
    assert term.starts == starts
    assert term.recurrence is recurrence


@pytest.mark.parametrize("text", STANDING)
def test_standing_forms(text: str) -> None:
    term = parse_term(text, PLAN)
    assert term.kind is TermKind.STANDING, term
    assert term.dates == ()


@pytest.mark.parametrize("text", UNKNOWN)
def test_not_understood_is_unknown(text: str) -> None:
    term = parse_term(text, PLAN)
    assert term.kind is TermKind.UNKNOWN, term
    assert term.dates == ()


def test_a_bare_month_belongs_to_the_plans_academic_year() -> None:
    assert parse_term("Январь", 2026).dates == (D(2027, 1, 31),)
    assert parse_term("Январь", 2022).dates == (D(2023, 1, 31),)
    assert parse_term("Сентябрь", 2022).dates == (D(2022, 9, 30),)


def test_an_explicit_year_pins_the_other_months() -> None:
    term = parse_term("Декабрь 2020, январь", PLAN)
    assert term.dates == (D(2020, 12, 31), D(2021, 1, 31))
    assert term.recurrence is MONTHS


def test_note_is_the_cell_normalised() -> None:
    assert parse_term("  Сентябрь -\n  май ", PLAN).note == "Сентябрь -, май"
    assert parse_term("Апрель  2021", PLAN).note == "Апрель 2021"


def test_dates_are_sorted_and_unique() -> None:
    term = parse_term("май, ноябрь, май, сентябрь", PLAN)
    assert term.dates == (D(2026, 9, 30), D(2026, 11, 30), D(2027, 5, 31))


FUZZ_ALPHABET = (
    "0123456789.-–—,;:()/ \n\t\"'«»№"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    "abcxyzі\u200b\x00\U0001f600"
)
FUZZ_WORDS = [
    *("сентябрь", "мая", "до", "на", "по", "с", "15", "1", "2", "31", "99", "2021", "9999"),
    *("0000", "-", ".", ",", "(", ")", "ежегодно", "четверть", "полугодие", "раз", "в", "год"),
    *("ежемесячно", "23-27.01.23", "30.01.-03.02.23", "гг", "течение"),
]


def test_fuzz_never_raises() -> None:
    chance = random.Random(20260901)
    for attempt in range(20000):
        if attempt % 2:
            text = "".join(chance.choice(FUZZ_ALPHABET) for _ in range(chance.randint(0, 40)))
        else:
            text = " ".join(chance.choice(FUZZ_WORDS) for _ in range(chance.randint(0, 8)))
        plan = chance.choice((1, 1990, PLAN, 2099, 9998))
        term = parse_term(text, plan)
        assert term.kind in TermKind
        assert list(term.dates) == sorted(set(term.dates))
        if term.kind is not TermKind.DATED:
            assert term.dates == ()
        else:
            assert term.dates
            assert term.starts is None or term.starts <= term.dates[-1]


# --- the academic-year calendar -------------------------------------------------------------


def test_academic_month_year() -> None:
    assert academic_month_year(PLAN, 9) == 2026
    assert academic_month_year(PLAN, 12) == 2026
    assert academic_month_year(PLAN, 1) == 2027
    assert academic_month_year(PLAN, 8) == 2027


def test_month_end() -> None:
    assert month_end(2028, 2) == D(2028, 2, 29)
    assert month_end(2027, 2) == D(2027, 2, 28)
    assert month_end(2026, 12) == D(2026, 12, 31)


def test_school_quarters_have_no_summer() -> None:
    assert school_quarters(PLAN) == (
        (D(2026, 9, 1), D(2026, 10, 31)),
        (D(2026, 11, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 5, 31)),
    )


def test_half_years_and_teaching_months() -> None:
    assert half_years(PLAN) == (
        (D(2026, 9, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 5, 31)),
    )
    months = academic_months(PLAN)
    assert months == (*((2026, m) for m in range(9, 13)), *((2027, m) for m in range(1, 6)))
