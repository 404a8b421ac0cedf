"""Survey results: the rate and the distributions count right, the diagnostics, waves side by
side, charts as PNG, XLSX and CSV, anonymity kept («< 3», no names), /results through the
Dispatcher, and a new event reaching those whose diagnostics found its area difficult."""

from __future__ import annotations

import csv
import io
import random
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.services.audience import Audience, Who
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.errors import NotAllowed, NotFound
from bot.services.events import Competence, EventDraft, EventService
from bot.services.people import MemberInfo
from bot.services.surveys import load_template
from bot.services.surveys.answers import counted, is_answered
from bot.services.surveys.model import QuestionType, Template
from bot.services.surveys.results import HIDDEN, SurveyResults
from bot.services.surveys.spec import builtin_templates
from bot.storage.models import (
    DeadlineUnit,
    Deliverable,
    EventKind,
    Member,
    MemberArea,
    OutboxMessage,
    Role,
    Survey,
    SurveyResponse,
    SurveyStatus,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.harness import Harness
from tests.worlds import forge

MOSCOW = ZoneInfo("Europe/Moscow")
PNG = b"\x89PNG\r\n\x1a\n"
AREAS = ("subject", "methodology", "psychology", "literacy", "soft", "ict")


@dataclass
class World:
    admin: int
    coord: int
    org1: int
    org2: int
    teachers1: list[int]  # 4 in the first school
    teachers2: list[int]  # 2 in the second


async def world(h: Harness) -> World:
    org1 = await seed.organisation(h, "СОШ № 1")
    org2 = await seed.organisation(h, "Лицей № 3")
    admin = await seed.member(h, 9001, Role.METHODOLOGIST, "Смирнова Ольга")
    coord = await seed.member(h, 9002, Role.COORDINATOR, "Орлова Нина", organisation_id=org1)
    t1 = [
        await seed.member(h, 9101 + n, Role.TEACHER, f"Учитель{n} Первый", organisation_id=org1)
        for n in range(4)
    ]
    t2 = [
        await seed.member(h, 9201 + n, Role.TEACHER, f"Учитель{n} Второй", organisation_id=org2)
        for n in range(2)
    ]
    for uid in (9001, 9002, 9101, 9102, 9103, 9104, 9201, 9202):
        h.double.add_user(uid, f"u{uid}", started=True)
    return World(admin, coord, org1, org2, t1, t2)


async def actor(h: Harness, member_id: int) -> MemberInfo:
    async with h.runtime.sessions() as session:
        return MemberInfo.of(await session.get(Member, member_id))  # type: ignore[arg-type]


async def launch(
    h: Harness,
    w: World,
    *,
    anonymous: bool = False,
    wave: int = 1,
    key: str = "diagnostics",
    template: Template | None = None,
) -> tuple[int, int]:
    """A survey of the built-in template (or ``template``) for all teachers, straight into
    the database."""
    template = template or builtin_templates()[key][0]
    key = template.key
    now = h.clock.now()
    closes = now + timedelta(days=14)
    audience = Audience(who=Who.ROLES, roles=(Role.TEACHER,))
    who = await actor(h, w.admin)
    async with unit_of_work(h.runtime.sessions) as repo:
        service = DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)
        info = await service.create(
            who,
            DeadlineDraft(
                title=template.title,
                kind=Deliverable.SURVEY,
                unit=DeadlineUnit.PERSON,
                due_at=closes,
                audience=audience,
            ),
            announce=False,
            reminders_from=now,
        )
        survey = Survey(
            template_key=key,
            title=template.title,
            spec=template.to_dict(),
            anonymous=anonymous,
            unit=DeadlineUnit.PERSON,
            audience=audience.to_json(),
            opens_at=now,
            closes_at=closes,
            wave=wave,
            deadline_id=info.id,
            status=SurveyStatus.OPEN,
            announced_at=now,
            author_id=w.admin,
            created_at=now,
            updated_at=now,
        )
        repo.session.add(survey)
        await repo.session.flush()
        return survey.id, info.id


def diagnostics(difficulty: dict[str, int], strength: int = 3, **more: object) -> dict:
    answers: dict[str, object] = {}
    for area in AREAS:
        answers[f"{area}_difficulty"] = difficulty.get(area, 2)
        answers[f"{area}_strength"] = strength
    answers["support_forms"] = {"chosen": ["courses", "other"], "other": "Стажировка"}
    answers.update(more)
    return answers


async def respond(
    h: Harness,
    survey: tuple[int, int],
    member_id: int,
    organisation_id: int,
    answers: dict,
    *,
    anonymous: bool = False,
) -> None:
    survey_id, deadline_id = survey
    now = h.clock.now()
    day = datetime.combine(now.astimezone(MOSCOW).date(), datetime.min.time(), MOSCOW)
    at = day.astimezone(UTC) if anonymous else now
    async with unit_of_work(h.runtime.sessions) as repo:
        survey = await repo.surveys.get(survey_id)
        assert survey is not None
        template = Template.from_dict(survey.spec)
        await repo.surveys.add_response(
            survey_id,
            member_id=None if anonymous else member_id,
            organisation_id=organisation_id,
            answers=answers,
            counted=counted(template, answers),
            submitted_at=at,
        )
        service = DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)
        done = await service.complete(
            deadline_id,
            member_id,
            by=f"survey:{survey_id}",
            member_id=None if anonymous else member_id,
            at=at,
        )
        assert done


def i18n(h: Harness):
    return h.runtime.translator.bind("ru")


async def results_of(h: Harness, member_id: int, survey_id: int):
    who = await actor(h, member_id)
    async with unit_of_work(h.runtime.sessions) as repo:
        service = SurveyResults(repo, h.clock, h.runtime.translator, MOSCOW)
        return service, await service.results(who, survey_id, i18n(h))


async def files_of(h: Harness, member_id: int, survey_id: int) -> tuple[bytes, bytes]:
    """The XLSX and the CSV (they read the responses: inside a unit of work)."""
    who = await actor(h, member_id)
    async with unit_of_work(h.runtime.sessions) as repo:
        service = SurveyResults(repo, h.clock, h.runtime.translator, MOSCOW)
        res = await service.results(who, survey_id, i18n(h))
        return await service.xlsx(res, i18n(h)), await service.csv(res, i18n(h))


# ---------------------------------------------------------------- counting


async def test_results_count_right(harness: Harness) -> None:
    h = harness
    w = await world(h)
    survey = await launch(h, w)
    await respond(h, survey, w.teachers1[0], w.org1, diagnostics({"ict": 5, "soft": 4}, 5))
    await respond(h, survey, w.teachers1[1], w.org1, diagnostics({"ict": 4}, 4))
    await respond(h, survey, w.teachers1[2], w.org1, diagnostics({"ict": 2}, 2))
    await respond(h, survey, w.teachers2[0], w.org2, diagnostics({"subject": 5}, 2))

    service, res = await results_of(h, w.admin, survey[0])
    assert (res.submitted, res.total) == (4, 6)
    by_org = {c.organisation: (c.submitted, c.total) for c in res.coverage}
    assert by_org == {"СОШ № 1": (3, 4), "Лицей № 3": (1, 2)}
    ict = next(a for a in res.areas if a.area == "ict")
    assert ict.rated == 4
    assert ict.difficult == 2
    assert ict.difficulty == pytest.approx((5 + 4 + 2 + 2) / 4)
    assert ict.strong == 2
    assert ict.leaders == ["Учитель0 Первый", "Учитель1 Первый"]
    forms = next(q for q in res.questions if q.question.id == "support_forms")
    assert dict(forms.cells)["Курсы повышения квалификации"] == 4
    assert dict(forms.cells)["Другое"] == 4
    assert forms.texts == ["Стажировка"] * 4
    scale = next(q for q in res.questions if q.question.id == "ict_difficulty")
    assert dict(scale.cells) == {"1": 0, "2": 2, "3": 0, "4": 1, "5": 1}

    card = service.card(res, i18n(h))
    assert "Ответили: 4 из 6 (67%)" in card
    assert "ИКТ: 3,2 из 5, 50%" in card
    assert "Учитель0 Первый" in card  # a named survey: who could lead a master class
    orgs = service.by_organisation(res, i18n(h))
    assert "СОШ № 1: 3 из 4 (75%)" in orgs
    assert "Лицей № 3: предметные знания" in orgs

    # A coordinator sees its own organisation's part only.
    service, mine = await results_of(h, w.coord, survey[0])
    assert (mine.submitted, mine.total) == (3, 4)
    assert mine.per_organisation == {w.org1: 3}
    assert mine.responded == 3


EVERY_TYPE = """
key: test-every-type
title: Все типы вопросов
anonymous: false
questions:
  - id: role
    type: single
    text: Ваша должность?
    options:
      - {id: teacher, text: Учитель}
      - {id: head, text: Руководитель}
      - {id: other, text: Другое}
  - id: forms
    type: multi
    text: Какие формы поддержки нужны?
    options: [{id: courses, text: Курсы}, {id: seminar, text: Семинар}, {id: other, text: Другое}]
  - id: mood
    type: scale
    text: Как настроение?
  - id: mentor
    type: yesno
    text: Есть ли наставник?
  - id: years
    type: number
    text: Сколько лет в профессии?
    min: 0
    max: 60
  - id: started
    type: date
    text: Когда начали работать?
  - id: subject
    type: text
    text: Ваш предмет?
  - id: comment
    type: longtext
    text: Что ещё?
    required: false
  - id: ict_difficulty
    type: scale
    text: Насколько трудно с ИКТ?
    area: ict
    measure: difficulty
  - id: ict_strength
    type: scale
    text: Насколько вы сильны в ИКТ?
    area: ict
    measure: strength
  - id: soft_difficulty
    type: scale
    text: Насколько трудно с гибкими навыками?
    area: soft
    measure: difficulty
"""


def some_answers(rng: random.Random, n: int) -> dict:
    """Answers of every type, some left out, some «Другое», texts with spaces around."""
    out: dict[str, object] = {}
    if rng.random() < 0.9:
        role = rng.choice(["teacher", "head", "other"])
        out["role"] = {
            "chosen": [role],
            "other": f"  Другая роль {n % 2} " if role == "other" else None,
        }
    chosen = sorted(rng.sample(["courses", "seminar", "other"], rng.randint(1, 3)))
    out["forms"] = {"chosen": chosen, "other": "Стажировка" if "other" in chosen else None}
    for qid in ("mood", "ict_difficulty", "ict_strength", "soft_difficulty"):
        if rng.random() < 0.85:
            out[qid] = rng.randint(1, 5)
    out["mentor"] = rng.random() < 0.5
    out["years"] = rng.choice([0, 1, 2.5, 3, 10, 41])
    out["started"] = f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    out["subject"] = f" Предмет {rng.randint(1, 3)}  "
    if rng.random() < 0.5:
        out["comment"] = f"Комментарий {n}"
    return out


def straight_count(template: Template, given: list[tuple[str, int | None, dict]], ru) -> dict:
    """The results counted the plain way, response by response, from the stored answers:
    per question (answered, cells, mean, texts); per area; per organisation the responses
    and the top areas; ``given`` are (name, organisation, answers) in the order handed in."""
    questions = {}
    for q in template.questions:
        values = [a[q.id] for _, _, a in given if is_answered(q, a.get(q.id))]
        texts: list[str] = []
        mean = None
        if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
            cells = [(o.text, sum(o.id in v["chosen"] for v in values)) for o in q.options]
            texts = [v["other"].strip() for v in values if "other" in v["chosen"]]
        elif q.type is QuestionType.SCALE:
            cells = [(str(n), values.count(n)) for n in range(1, 6)]
            mean = statistics.mean(values) if values else None
        elif q.type is QuestionType.YESNO:
            cells = [(ru("survey-answer-yes"), values.count(True))]
            cells.append((ru("survey-answer-no"), values.count(False)))
        elif q.type is QuestionType.NUMBER:
            cells = [("numbers", len(values))]
            mean = (statistics.mean(values), statistics.median(values), min(values), max(values))
        elif q.type is QuestionType.DATE:
            months = Counter(f"{v[5:7]}.{v[:4]}" for v in values)
            cells = sorted(months.items(), key=lambda c: (c[0][3:], c[0][:2]))
        else:
            cells = []
            texts = [v.strip() for v in values]
        questions[q.id] = (len(values), cells, mean, texts)
    areas = {}
    for area, d_id, s_id in (
        ("ict", "ict_difficulty", "ict_strength"),
        ("soft", "soft_difficulty", ""),
    ):
        hard = [a[d_id] for _, _, a in given if d_id in a]
        strong = [(a[s_id], name) for name, _, a in given if s_id and s_id in a]
        areas[area] = (
            len(hard),
            statistics.mean(hard) if hard else None,
            sum(v >= 4 for v in hard),
            len(strong),
            statistics.mean([v for v, _ in strong]) if strong else None,
            sum(v >= 4 for v, _ in strong),
            sorted(name for v, name in strong if v >= 4 and name),
        )
    organisations = {}
    for org in {o for _, o, _ in given}:
        mine = [a for _, o, a in given if o == org]
        rated = []
        for area, d_id in (("ict", "ict_difficulty"), ("soft", "soft_difficulty")):
            hard = [a[d_id] for a in mine if d_id in a]
            if hard:
                share = sum(v >= 4 for v in hard) / len(hard)
                rated.append((-statistics.mean(hard), -share, area))
        organisations[org] = (len(mine), [area for *_, area in sorted(rated)[:3]])
    return {"questions": questions, "areas": areas, "organisations": organisations}


def counted_by_sql(res, ru) -> dict:
    """The same shape, from what ``SurveyResults`` counted in SQL."""
    questions = {}
    for r in res.questions:
        cells, mean = r.cells, r.mean
        if r.question.type is QuestionType.NUMBER:
            cells = [("numbers", sum(n for _, n in r.cells))]
            mean = (r.mean, r.median, r.minimum, r.maximum) if r.answered else None
        questions[r.question.id] = (r.answered, cells, mean, r.texts)
    areas = {
        a.area: (
            a.rated,
            a.difficulty,
            a.difficult,
            a.strength_rated,
            a.strength,
            a.strong,
            a.leaders,
        )
        for a in res.areas
    }
    names = {v: k for k, v in res.organisations.items()}
    organisations = {
        names.get(name): (count, [a.area for a in top]) for name, count, top in res.deficits
    }
    return {"questions": questions, "areas": areas, "organisations": organisations}


@pytest.mark.parametrize("anonymous", [False, True])
async def test_counting_in_sql_equals_counting_each_response(
    harness: Harness, anonymous: bool
) -> None:
    """Every question type, skipped answers, «Другое», the areas and the organisations:
    what the database counts is what counting each stored response gives."""
    h = harness
    w = await world(h)
    loner = await seed.member(h, 9401, Role.TEACHER, "Без Школы")
    template = load_template(
        EVERY_TYPE.replace("anonymous: false", f"anonymous: {str(anonymous).lower()}"), "t.yaml"
    )
    survey = await launch(h, w, anonymous=anonymous, template=template)
    people = [(m, w.org1) for m in w.teachers1] + [(m, w.org2) for m in w.teachers2]
    people.append((loner, None))
    rng = random.Random(7)
    given = []
    async with h.runtime.sessions() as session:
        names = {m.id: m.full_name for m in await session.scalars(select(Member))}
    for n, (member, org) in enumerate(people):
        answers = some_answers(rng, n)
        await respond(h, survey, member, org, answers, anonymous=anonymous)
        given.append((None if anonymous else names[member], org, answers))
        h.clock.advance(timedelta(minutes=1))
    ru = i18n(h)
    _, res = await results_of(h, w.admin, survey[0])
    expected = straight_count(template, given, ru)
    got = counted_by_sql(res, ru)
    if anonymous:  # free texts come shuffled
        for table in (expected, got):
            for qid, (answered, cells, mean, texts) in table["questions"].items():
                table["questions"][qid] = (answered, cells, mean, sorted(texts))
    assert got["questions"].keys() == expected["questions"].keys()
    for qid in expected["questions"]:
        e_answered, e_cells, e_mean, e_texts = expected["questions"][qid]
        g_answered, g_cells, g_mean, g_texts = got["questions"][qid]
        assert (g_answered, g_cells, g_texts) == (e_answered, e_cells, e_texts), qid
        assert g_mean == pytest.approx(e_mean), qid
    for area, e in expected["areas"].items():
        g = got["areas"][area]
        assert (g[0], g[2], g[3], g[5], g[6]) == (e[0], e[2], e[3], e[5], e[6]), area
        assert (g[1], g[4]) == pytest.approx((e[1], e[4])), area
    assert got["organisations"] == expected["organisations"]
    assert res.per_organisation == {w.org1: 4, w.org2: 2, None: 1}
    assert res.responded == 7

    # A coordinator: its own organisation's part, counted the same way.
    _, mine = await results_of(h, w.coord, survey[0])
    own = straight_count(template, [g for g in given if g[1] == w.org1], ru)
    counted_mine = counted_by_sql(mine, ru)
    for qid, (answered, cells, _mean, _texts) in own["questions"].items():
        assert counted_mine["questions"][qid][:2] == (answered, cells), qid
    assert counted_mine["organisations"] == own["organisations"]


async def test_only_staff_see_results(harness: Harness) -> None:
    h = harness
    w = await world(h)
    survey = await launch(h, w)
    other = await seed.organisation(h, "Школа № 9")
    stranger = await seed.member(h, 9301, Role.COORDINATOR, "Чужой Коорд", organisation_id=other)
    with pytest.raises(NotAllowed):
        await results_of(h, w.teachers1[0], survey[0])
    with pytest.raises(NotFound):
        await results_of(h, stranger, survey[0])  # no unit of its school owes the survey
    with pytest.raises(NotFound):
        await results_of(h, w.admin, 999)


# ---------------------------------------------------------------- outputs


async def test_charts_xlsx_and_csv(harness: Harness) -> None:
    h = harness
    w = await world(h)
    survey = await launch(h, w)
    for n, member in enumerate(w.teachers1):
        await respond(
            h,
            survey,
            member,
            w.org1,
            diagnostics({"ict": 5 - n}, main_difficulty=f'=HYPERLINK("x") текст {n}'),
        )
    service, res = await results_of(h, w.admin, survey[0])
    charts = service.charts(res, i18n(h))
    assert len(charts) == 13 + 1  # 12 scales and the forms of support; the areas
    for caption, png in charts:
        assert png.startswith(PNG)
        assert 5_000 < len(png) < 400_000
        assert caption
    assert b"matplotlib" in charts[0][1][:200]  # the PNG's Software chunk

    xlsx, data = await files_of(h, w.admin, survey[0])
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames[:2] == ["Сводка", "Диагностика"]
    assert book.sheetnames[-1] == "Ответы"
    assert len(book.sheetnames) == 2 + 14 + 1
    rows = list(book["Ответы"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Дата", "Участник", "Организация")
    assert len(rows) == 1 + 4
    assert {r[1] for r in rows[1:]} == {f"Учитель{n} Первый" for n in range(4)}
    cell = book["Ответы"].cell(row=2, column=len(rows[0]))
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s"
    summary = list(book["Сводка"].iter_rows(values_only=True))
    assert ("СОШ № 1", 4, 4, "100%") in summary

    assert data.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0][:2] == ["Дата", "Участник"]
    assert len(parsed) == 5
    assert all(row[-1].startswith("'=HYPERLINK") for row in parsed[1:])


async def test_anonymous_survey_hides_small_groups_and_names(harness: Harness) -> None:
    h = harness
    w = await world(h)
    survey = await launch(h, w, anonymous=True)
    for member in w.teachers1[:3]:
        await respond(h, survey, member, w.org1, diagnostics({"ict": 5}), anonymous=True)
    # One answer in the second school: a group of one.
    await respond(
        h,
        survey,
        w.teachers2[0],
        w.org2,
        diagnostics({"ict": 1}, 5, main_difficulty="Только я так пишу"),
        anonymous=True,
    )
    async with h.runtime.sessions() as session:
        stored = list(await session.scalars(select(SurveyResponse)))
    assert all(r.member_id is None for r in stored)

    service, res = await results_of(h, w.admin, survey[0])
    names = ["Учитель", "Первый", "Второй", "Смирнова", "Орлова"]
    card = service.card(res, i18n(h))
    orgs = service.by_organisation(res, i18n(h))
    assert "Лицей № 3: &lt; 3" in orgs
    scale = next(q for q in res.questions if q.question.id == "ict_difficulty")
    assert dict(scale.cells) == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 3}
    details = "\n".join(service.details(res, i18n(h)))
    assert "• 1: &lt; 3" in details
    assert "Только я так пишу" not in details  # one free text: hidden
    for text in (card, orgs, details):
        assert not any(name in text for name in names)

    xlsx, raw = await files_of(h, w.admin, survey[0])
    book = load_workbook(io.BytesIO(xlsx))
    cells = [
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert not any(name in c for c in cells for name in names)
    assert HIDDEN in cells
    assert not any("&lt;" in c for c in cells)
    header = next(book["Ответы"].iter_rows(values_only=True))
    assert "Участник" not in header
    assert "Организация" not in header  # a school of one
    sheet = next(s for s in book.worksheets if s.title.startswith("11."))  # ict_difficulty
    counts = {r[0]: r[1] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert counts["1"] == HIDDEN
    assert counts["5"] == "3"
    for r in sheet.iter_rows(min_row=4, values_only=True):
        assert not (isinstance(r[1], int) and 0 < r[1] < 3)

    data = raw.decode("utf-8-sig")
    assert not any(name in data for name in names)
    parsed = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert "Организация" not in parsed[0]
    assert len(parsed) == 5

    png = service.charts(res, i18n(h))[0][1]
    assert png.startswith(PNG)


async def test_second_wave_compares_with_the_first(harness: Harness) -> None:
    h = harness
    w = await world(h)
    first = await launch(h, w)
    for member in w.teachers1:
        await respond(h, first, member, w.org1, diagnostics({"ict": 5, "soft": 4}))
    h.clock.advance(timedelta(days=365))
    second = await launch(h, w, wave=2)
    for member in w.teachers1:
        await respond(h, second, member, w.org1, diagnostics({"ict": 3, "soft": 4}))
    _, res1 = await results_of(h, w.admin, first[0])
    assert not res1.has_previous
    who = await actor(h, w.admin)
    async with unit_of_work(h.runtime.sessions) as repo:
        service = SurveyResults(repo, h.clock, h.runtime.translator, MOSCOW)
        res2 = await service.results(who, second[0], i18n(h))
        assert res2.has_previous
        cmp = await service.comparison(who, second[0], i18n(h))
        with pytest.raises(NotFound):
            await service.comparison(who, first[0], i18n(h))
    ict = next(a for a in cmp.areas if a[0] == "ict")
    assert ict == ("ict", 3.0, 0.0, 5.0, 1.0)
    soft = next(a for a in cmp.areas if a[0] == "soft")
    assert soft[1] == soft[3] == 4.0
    text = service.comparison_text(cmp, i18n(h))
    assert "волна 2 и волна 1" in text
    assert "ИКТ: трудность 3 (было 5), «трудно» 0% (было 100%)" in text
    assert service.comparison_chart(cmp, i18n(h)).startswith(PNG)


# ---------------------------------------------------------------- fitting events


async def test_new_event_reaches_those_with_a_matching_difficulty(harness: Harness) -> None:
    h = harness
    w = await world(h)
    now = h.clock.now()
    async with unit_of_work(h.runtime.sessions) as repo:
        for member, area, difficulty in (
            (w.teachers1[0], "ict", 5),  # fits
            (w.teachers1[1], "ict", 3),  # not difficult enough
            (w.teachers1[2], "soft", 5),  # another area
            (w.teachers2[0], "literacy", 4),  # fits
        ):
            repo.session.add(
                MemberArea(
                    member_id=member, area=area, difficulty=difficulty, strength=2, updated_at=now
                )
            )
    who = await actor(h, w.admin)
    async with unit_of_work(h.runtime.sessions) as repo:
        service = EventService(repo, h.clock, h.runtime.translator, MOSCOW)
        info = await service.publish(
            who,
            EventDraft(
                kind=EventKind.SEMINAR,
                title="Цифровые инструменты учителя",
                starts_at=now + timedelta(days=7),
                ends_at=None,
                all_day=False,
                place="Онлайн",
                link=None,
                description=None,
                competences=(Competence.ICT, Competence.LITERACY),
                audience=Audience(who=Who.ROLES, roles=(Role.TEACHER,)),
            ),
            today=now.astimezone(MOSCOW).date(),
        )
    await h.runtime.sender.drain()
    fits = {9101, 9201}
    for uid in (9101, 9102, 9103, 9104, 9201, 9202):
        texts = [m.get("text") or "" for m in h.double.messages(uid)]
        assert any("Цифровые инструменты учителя" in t for t in texts), uid
        marked = any("Подходит вам по результатам диагностики" in t for t in texts)
        assert marked is (uid in fits), uid
    async with h.runtime.sessions() as session:
        rows = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.source_id == info.id))
        )
    assert len({r.member_id for r in rows if r.member_id}) == 6  # each once


async def test_a_fitting_event_with_a_file_still_goes_with_its_file(harness: Harness) -> None:
    h = harness
    w = await world(h)
    now = h.clock.now()
    async with unit_of_work(h.runtime.sessions) as repo:
        repo.session.add(
            MemberArea(
                member_id=w.teachers1[0], area="ict", difficulty=5, strength=2, updated_at=now
            )
        )
    # a file the methodologist once sent (the update is made, not fed: only its file is used)
    sent = h.double.message_update(9001, document=("программа.pdf", b"%PDF-1.4", "application/pdf"))
    file_id = sent["message"]["document"]["file_id"]
    who = await actor(h, w.admin)
    async with unit_of_work(h.runtime.sessions) as repo:
        await EventService(repo, h.clock, h.runtime.translator, MOSCOW).publish(
            who,
            EventDraft(
                kind=EventKind.SEMINAR,
                title="Цифровые инструменты учителя",
                starts_at=now + timedelta(days=7),
                ends_at=None,
                all_day=False,
                place="Онлайн",
                link=None,
                description=None,
                competences=(Competence.ICT,),
                audience=Audience(who=Who.ROLES, roles=(Role.TEACHER,)),
                attachment_ref=file_id,
                attachment_kind="document",
            ),
            today=now.astimezone(MOSCOW).date(),
        )
    await h.runtime.sender.drain()
    [message] = h.double.messages(9101)
    assert "document" in message, "the invitation keeps its file"
    assert "Подходит вам по результатам диагностики" in message["caption"]


# ---------------------------------------------------------------- /results through the bot


async def test_results_command_card_and_buttons(harness: Harness) -> None:
    h = harness
    w = await world(h)
    first = await launch(h, w)
    for member in w.teachers1[:3]:
        await respond(h, first, member, w.org1, diagnostics({"ict": 5}, 4))
    h.clock.advance(timedelta(days=365))
    second = await launch(h, w, wave=2)
    for member in w.teachers1:
        await respond(h, second, member, w.org1, diagnostics({"ict": 3}, 4))
    await respond(h, second, w.teachers2[0], w.org2, diagnostics({"soft": 5}))

    admin = h.person("Ольга", "Смирнова", user_id=9001)
    [listing] = await admin.send("/results")
    assert "Результаты опросов" in listing.text
    assert listing.buttons[0].startswith("Диагностика профессиональных затруднений · волна 2")
    await admin.press(listing.buttons[0])
    card = admin.last()
    assert "Ответили: 5 из 6 (83%)" in card.text
    assert "Главные затруднения" in card.text
    assert "Сравнить с прошлой волной" in " ".join(card.buttons)
    assert "🏫 По организациям" in card.buttons

    sent = await admin.press("📊 Графики")
    photos = [m for m in sent if "photo" in m.raw]
    assert len(photos) == 14
    png = h.double.file_bytes(photos[0].raw["photo"][-1]["file_id"])
    assert png.startswith(PNG)

    [xlsx] = await admin.press("📗 Excel")
    book = load_workbook(io.BytesIO(h.double.file_bytes(xlsx.raw["document"]["file_id"])))
    assert len(list(book["Ответы"].iter_rows())) == 1 + 5
    [csv_file] = await admin.press("📄 CSV")
    data = h.double.file_bytes(csv_file.raw["document"]["file_id"]).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(data), delimiter=";"))) == 1 + 5

    waves = await admin.press("↔️ Сравнить с прошлой волной")
    assert any("волна 2 и волна 1" in m.text for m in waves)
    assert any("photo" in m.raw for m in waves)
    [orgs] = await admin.press("🏫 По организациям")
    assert "СОШ № 1: 4 из 4 (100%)" in orgs.text

    # A coordinator: its own school only, no breakdown by organisation.
    coord = h.person("Нина", "Орлова", user_id=9002)
    [listing] = await coord.send("/results")
    await coord.press(listing.buttons[0])
    card = coord.last()
    assert "Ответили: 4 из 4 (100%)" in card.text
    assert "🏫 По организациям" not in card.buttons


async def test_results_refused_to_a_teacher_and_a_forged_id(harness: Harness) -> None:
    h = harness
    w = await world(h)
    survey = await launch(h, w)
    await respond(h, survey, w.teachers1[0], w.org1, diagnostics({"ict": 5}))
    other = await seed.organisation(h, "Школа № 9")
    await seed.member(h, 9301, Role.COORDINATOR, "Чужой Коорд", organisation_id=other)
    h.double.add_user(9301, "u9301", started=True)

    teacher = h.person("Учитель0", "Первый", user_id=9101)
    [reply] = await teacher.send("/results")
    assert reply.text == "У вас нет прав на это действие."
    answers = await forge(h, teacher, f"rsd:{survey[0]}:x")
    assert answers == ["У вас нет прав на это действие."]
    assert not any("document" in m for m in h.double.messages(9101))

    stranger = h.person("Чужой", "Коорд", user_id=9301)
    [reply] = await stranger.send("/results")
    assert reply.text == "Опросов пока нет."
    before = len(h.double.messages(9301))
    card_answers = await forge(h, stranger, f"rsc:{survey[0]}")
    file_answers = await forge(h, stranger, f"rsd:{survey[0]}:x")
    new = h.double.messages(9301)[before:]
    assert not any("document" in m for m in new)
    assert card_answers == file_answers == ["Этот опрос вам недоступен."]

    admin = h.person("Ольга", "Смирнова", user_id=9001)
    await admin.send("/results")
    assert await forge(h, admin, "rsc:99999") == ["Этот опрос вам недоступен."]
