"""Answering a survey in the chat: every question type, a show-if branch, «Назад», stopping
and resuming after a restart, the review and «Отправить»; the deadline completed and no
reminder afterwards; anonymity of the stored response; bad input; the personal feedback
after the diagnostics with fitting events and the DOCX route; /forget."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import docx
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.keyboards.directory import ActCb, encode_filters
from bot.keyboards.surveys import CHOOSE, SvqCb
from bot.services.audience import Audience, Where
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.directory import MemberFilters
from bot.services.events import Competence, EventDraft, EventService
from bot.services.people import MemberInfo
from bot.services.surveys import builtin_templates, load_template
from bot.services.surveys.model import Template
from bot.storage.models import (
    DeadlineAssignee,
    DeadlineUnit,
    Deliverable,
    EventKind,
    Member,
    MemberArea,
    Role,
    Submission,
    Survey,
    SurveyAnswer,
    SurveyProgress,
    SurveyResponse,
    SurveyStatus,
    UnitStatus,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.conftest import make_settings
from tests.harness import Harness, Person, Seen
from tests.test_forget import forget
from tests.test_update_costs import counting
from tests.worlds import forge

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the fake clock's start
CLOSES = datetime(2026, 12, 10, 20, 59, tzinfo=UTC)  # 10.12.2026 23:59 in Moscow
ALL = encode_filters(MemberFilters())

ALL_TYPES = """
key: test-all
title: Анкета для проверки
intro: Небольшая анкета.
anonymous: false
consent: Я согласен на обработку моих ответов.
respondent: person
sections:
  - title: Начало
    questions:
      - id: role
        type: single
        text: Ваша должность?
        options: [{id: teacher, text: Учитель}, {id: other, text: Другое}]
      - id: mentor
        type: yesno
        text: Есть ли у вас наставник?
      - id: useful
        type: scale
        text: Насколько полезен наставник?
        low_label: бесполезен
        high_label: очень полезен
        show_if: {question: mentor, equals: "yes"}
  - title: Подробнее
    questions:
      - id: forms
        type: multi
        text: Какие формы поддержки нужны?
        max_choices: 2
        options:
          - {id: courses, text: Курсы}
          - {id: seminar, text: Семинар}
          - {id: other, text: Другое}
      - id: years
        type: number
        text: Сколько лет вы работаете?
        min: 0
        max: 60
      - id: started
        type: date
        text: Когда вы начали работать в этой школе?
      - id: subject
        type: text
        text: Ваш предмет?
      - id: comment
        type: longtext
        text: Что ещё хотите сказать?
        required: false
"""

ANONYMOUS = """
key: test-anon
title: Анонимный опрос
anonymous: true
questions:
  - id: mood
    type: scale
    text: Как настроение?
"""


async def world(h: Harness) -> dict[str, object]:
    ids: dict[str, object] = {}
    ids["org"] = org = await seed.organisation(h, "СОШ № 1")
    ids["admin"] = await seed.member(h, 9001, Role.METHODOLOGIST, "Смирнова Ольга")
    h.double.add_user(9001, "Ольга", started=True)
    for name, uid in (("anna", 9101), ("boris", 9102)):
        person = h.person(name.title(), None, user_id=uid)
        ids[name] = await seed.member(
            h, uid, Role.TEACHER, f"{name.title()} Учитель", organisation_id=org
        )
        await person.send("/start")
        ids[f"p_{name}"] = person
    return ids


async def launch(
    h: Harness,
    ids: dict[str, object],
    template: Template,
    *,
    opens_at: datetime = NOW,
    closes_at: datetime = CLOSES,
    title: str | None = None,
    unit: DeadlineUnit = DeadlineUnit.PERSON,
) -> tuple[int, int]:
    """The survey straight in the database, with its deadline announced to the school."""
    async with h.runtime.sessions() as session:
        admin = MemberInfo.of(await session.get(Member, ids["admin"]))  # type: ignore[arg-type]
    async with unit_of_work(h.runtime.sessions) as repo:
        service = DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)
        info = await service.create(
            admin,
            DeadlineDraft(
                title=title or template.title,
                kind=Deliverable.SURVEY,
                unit=unit,
                due_at=closes_at,
                audience=Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],)),  # type: ignore[arg-type]
            ),
            announce=True,
        )
        survey = Survey(
            template_key=template.key,
            title=title or template.title,
            spec=template.to_dict(),
            anonymous=template.anonymous,
            unit=unit,
            audience={},
            opens_at=opens_at,
            closes_at=closes_at,
            wave=1,
            deadline_id=info.id,
            status=SurveyStatus.OPEN,
            announced_at=h.clock.now(),
            author_id=ids["admin"],
            created_at=h.clock.now(),
            updated_at=h.clock.now(),
        )
        repo.session.add(survey)
        await repo.session.flush()
        survey_id = survey.id
    await h.runtime.sender.drain()
    return survey_id, info.id


def cur(p: Person) -> Seen:
    """The newest survey screen (a message with buttons of a question or the review)."""
    for seen in reversed(p.messages()):
        rows = (seen.raw.get("reply_markup") or {}).get("inline_keyboard") or []
        if any(b.get("callback_data", "").startswith("svq:") for row in rows for b in row):
            return seen
    raise AssertionError("no survey screen")


async def forged(p: Person, data: str) -> None:
    update = p.h.double.callback_update(p.id, p.last().raw, data)
    p._callback_ids.add(update["callback_query"]["id"])
    await p.h.feed(update)


async def test_a_person_answers_every_type_goes_back_stops_resumes_and_submits(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    template = load_template(ALL_TYPES, "test-all.yaml")
    survey_id, deadline_id = await launch(h, ids, template)
    invitation = anna.last()
    assert invitation.text.startswith("📋 Новый опрос")

    # «Сдать» of /deadlines opens the survey, not the file dialog
    await anna.send("/deadlines")
    await anna.press(next(b for b in anna.last().buttons if "Анкета для проверки" in b))
    [intro] = await anna.press("📤 Сдать")
    assert "Небольшая анкета." in intro.text
    assert "Я согласен на обработку моих ответов." in intro.text
    # the invitation's button before agreeing shows the consent again
    [intro] = await anna.press("📝 Пройти опрос", invitation)
    assert "Я согласен на обработку моих ответов." in intro.text
    await anna.press("✅ Согласен")
    screen = cur(anna)
    assert "Начало" in screen.text
    assert "Вопрос 1 из 7" in screen.text
    assert "Ваша должность?" in screen.text
    assert "⏸ Продолжить позже" in screen.buttons

    # «Другое» asks for the text by message
    await anna.press("Другое")
    assert "Напишите свой вариант сообщением" in cur(anna).text
    [q2] = await anna.send("Педагог-организатор")
    assert "Есть ли у вас наставник?" in q2.text
    # a show-if branch: «Да» shows the usefulness question
    # typing where buttons are expected is refused
    [answer] = await anna.send("5")
    assert "отвечают кнопками" in answer.text
    await anna.press("Да")
    assert "Насколько полезен наставник?" in cur(anna).text
    assert "Вопрос 3 из 8" in cur(anna).text
    # a forged scale answer outside 1–5 is refused and changes nothing
    index = template.index("useful")
    await forged(anna, SvqCb(act=CHOOSE, s=survey_id, u=ids["anna"], q=index, o="7").pack())  # type: ignore[arg-type]
    assert "Число должно быть от 1 до 5" in anna.alerts()[-1]
    assert "Насколько полезен наставник?" in cur(anna).text
    await anna.press("4")
    # multi: ticks, at most two, «Готово»
    assert "Какие формы поддержки нужны?" in cur(anna).text
    await anna.press("Курсы")
    await anna.press("Семинар")
    assert "☑️ Курсы" in cur(anna).buttons
    await anna.press("Другое")
    assert "Можно выбрать не больше 2" in anna.alerts()[-1]
    await anna.press("Готово")
    years = cur(anna)
    assert "Сколько лет вы работаете?" in years.text
    # a number: text, out of range, a photo — refused
    [answer] = await anna.send("много")
    assert "Здесь нужно число" in answer.text
    [answer] = await anna.send("100")
    assert "Число должно быть от 0 до 60" in answer.text
    [answer] = await anna.send_photo(b"\x89PNG fake")
    assert "Здесь нужен ответ текстом" in answer.text
    [started] = await anna.send("12")
    assert "Когда вы начали работать в этой школе?" in started.text
    [answer] = await anna.send("32.13.2026")
    assert "Не понял дату" in answer.text
    [subject] = await anna.send("01.09.2015")
    assert "Ваш предмет?" in subject.text
    # «Назад» from the subject returns to the date with its answer
    await anna.press("◀️ Назад", subject)
    assert "Когда вы начали работать в этой школе?" in cur(anna).text
    assert "Ваш ответ: 01.09.2015" in cur(anna).text
    # a button of an old question is refused and changes nothing
    await anna.press("◀️ Назад", years)
    assert "другому вопросу" in anna.alerts()[-1]
    [subject] = await anna.send("01.09.2015")
    assert "Ваш предмет?" in subject.text
    # a number where buttons are expected would be refused; a text here: too long, then fine
    [answer] = await anna.send("м" * 301)
    assert "Слишком длинный ответ" in answer.text
    [comment] = await anna.send("Математика")
    assert "Что ещё хотите сказать?" in comment.text
    [answer] = await anna.send("д" * 2001)
    assert "Слишком длинный ответ" in answer.text
    await anna.press("⏸ Продолжить позже", comment)
    assert any("сохранены" in m.text for m in anna.messages())
    async with h.runtime.sessions() as session:
        progress = await session.get(SurveyProgress, (survey_id, ids["anna"]))
        assert progress is not None
        assert progress.position == "comment"
        assert progress.answers["years"] == 12
        assert await session.scalar(select(func.count()).select_from(SurveyResponse)) == 0

    # a restart: a new runtime on the same database; the invitation's button resumes
    await h.runtime.aclose()
    h.runtime = create_runtime(
        make_settings(h.double, h.runtime.settings.database_url), clock=h.clock
    )
    [resumed] = await anna.press("📝 Пройти опрос", invitation)
    assert "Что ещё хотите сказать?" in resumed.text
    assert "Вопрос 8 из 8" in resumed.text
    await anna.press("Пропустить")
    review = cur(anna)
    assert "Проверьте ответы" in review.text
    assert "Другое: Педагог-организатор" in review.text
    assert "4 из 5 (очень полезен)" not in review.text
    assert "4 из 5" in review.text
    assert "Курсы; Семинар" in review.text
    assert "01.09.2015" in review.text
    # change the mentor answer: «Нет» hides the usefulness question, back to the review
    await anna.press(next(b for b in review.buttons if b.startswith("✏️ Изменить 2")))
    assert "Есть ли у вас наставник?" in cur(anna).text
    await anna.press("Нет")
    review = cur(anna)
    assert "Проверьте ответы" in review.text
    assert "Насколько полезен наставник?" not in review.text
    await anna.press("📨 Отправить")
    assert any("Спасибо! Ответы отправлены." in m.text for m in anna.messages())

    async with h.runtime.sessions() as session:
        [response] = list(await session.scalars(select(SurveyResponse)))
        assert response.member_id == ids["anna"]
        assert response.organisation_id == ids["org"]
        assert response.answers == {
            "role": {"chosen": ["other"], "other": "Педагог-организатор"},
            "mentor": False,
            "forms": {"chosen": ["courses", "seminar"], "other": None},
            "years": 12,
            "started": "2015-09-01",
            "subject": "Математика",
        }
        # the same answers as rows to count: one per answer, one per option chosen
        counted = await session.execute(
            select(
                SurveyAnswer.question_id,
                SurveyAnswer.choice,
                SurveyAnswer.number,
                SurveyAnswer.text,
                SurveyAnswer.survey_id,
                SurveyAnswer.organisation_id,
            ).where(SurveyAnswer.response_id == response.id)
        )
        assert sorted(counted.all()) == [
            ("forms", "", None, None, survey_id, ids["org"]),
            ("forms", "courses", None, None, survey_id, ids["org"]),
            ("forms", "seminar", None, None, survey_id, ids["org"]),
            ("mentor", "", 0.0, None, survey_id, ids["org"]),
            ("role", "", None, "Педагог-организатор", survey_id, ids["org"]),
            ("role", "other", None, None, survey_id, ids["org"]),
            ("started", "", None, "2015-09-01", survey_id, ids["org"]),
            ("subject", "", None, "Математика", survey_id, ids["org"]),
            ("years", "", 12.0, None, survey_id, ids["org"]),
        ]
        assert await session.get(SurveyProgress, (survey_id, ids["anna"])) is None
        assignee = await session.get(DeadlineAssignee, (deadline_id, ids["anna"]))
        assert assignee is not None
        assert assignee.status is UnitStatus.SUBMITTED
        [done] = list(await session.scalars(select(Submission)))
        assert done.completed_by == f"survey:{survey_id}"

    # answering twice is refused
    await anna.press("📝 Пройти опрос", invitation)
    assert "Вы уже ответили" in anna.alerts()[-1]
    # reminders go only to who has not answered
    before = len(anna.messages())
    h.clock.set(datetime.combine(CLOSES.astimezone(MOSCOW).date(), time(9, 0), MOSCOW))
    h.clock.advance(-timedelta(days=1))
    await h.runtime.jobs.fire_reminders()
    await h.runtime.sender.drain()
    boris: Person = ids["p_boris"]  # type: ignore[assignment]
    assert any("опрос ещё ждёт" in m.text for m in boris.messages())
    assert len(anna.messages()) == before


async def test_an_anonymous_response_keeps_only_the_day_and_nothing_links_it(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    survey_id, deadline_id = await launch(h, ids, load_template(ANONYMOUS, "anon.yaml"))
    [intro] = await anna.press("📝 Пройти опрос")
    assert "анонимный" in intro.text
    await anna.press("▶️ Начать")
    await anna.press("5")
    assert "5 из 5" in anna.last().text
    await anna.press("📨 Отправить")
    async with h.runtime.sessions() as session:
        [response] = list(await session.scalars(select(SurveyResponse)))
        assert response.member_id is None
        assert len(response.id) == 32
        # counted by the response's random id alone: no member, no time
        [row] = list(await session.scalars(select(SurveyAnswer)))
        assert (row.response_id, row.question_id, row.choice, row.number) == (
            response.id,
            "mood",
            "",
            5.0,
        )
        int(response.id, 16)
        day = datetime(2026, 11, 23, 0, 0, tzinfo=MOSCOW).astimezone(UTC)
        assert response.submitted_at == day
        [done] = list(await session.scalars(select(Submission)))
        assert done.member_id is None
        assert done.created_at == day
        assignee = await session.get(DeadlineAssignee, (deadline_id, ids["anna"]))
        assert assignee is not None
        assert assignee.status is UnitStatus.SUBMITTED
    assert survey_id


async def test_closed_not_yet_open_and_other_surveys_buttons_are_refused(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    template = load_template(ANONYMOUS, "anon.yaml")
    later = NOW + timedelta(days=2)
    await launch(h, ids, template, opens_at=later, title="Будущий опрос")
    await anna.press("📝 Пройти опрос")
    assert "ещё не начался" in anna.alerts()[-1]
    first_id, _ = await launch(h, ids, template, title="Первый опрос")
    await anna.press("📝 Пройти опрос")
    await anna.press("▶️ Начать")
    first_question = anna.last()
    second_id, _ = await launch(h, ids, template, title="Второй опрос")
    await anna.press("📝 Пройти опрос")
    await anna.press("▶️ Начать")
    # the first survey's button names the first survey's screen; pressing it there works,
    # a button naming the second survey with the first's place is forged → stale
    await forged(anna, SvqCb(act=CHOOSE, s=second_id + 100, u=ids["anna"], q=0, o="3").pack())  # type: ignore[arg-type]
    assert "другому вопросу" in anna.alerts()[-1]
    # the second survey is answered; its old buttons are refused afterwards
    second_question = anna.last()
    await anna.press("4", second_question)
    await anna.press("📨 Отправить")
    await anna.press("2", second_question)
    assert "уже ответили" in anna.alerts()[-1]
    h.clock.set(CLOSES + timedelta(minutes=1))
    await anna.press("3", first_question)
    assert "уже закрыт" in anna.alerts()[-1]
    async with h.runtime.sessions() as session:
        [response] = list(await session.scalars(select(SurveyResponse)))
        assert response.survey_id == second_id
        assert response.answers == {"mood": 4}
        progress = await session.get(SurveyProgress, (first_id, ids["anna"]))
        assert progress is not None
        assert progress.answers == {}


async def answer_diagnostics(p: Person, ratings: dict[str, tuple[int, int]]) -> None:
    await p.press("📝 Пройти опрос")
    await p.press("▶️ Начать")
    for area in ("subject", "methodology", "psychology", "literacy", "soft", "ict"):
        difficulty, strength = ratings[area]
        await p.press(str(difficulty))
        await p.press(str(strength))
    await p.press(p.last().buttons[0])
    await p.press("Готово")
    await p.press("Пропустить")
    await p.press("📨 Отправить")


async def test_the_diagnostics_gives_a_profile_fitting_events_and_a_route_and_forget_clears(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    mentor = await seed.member(
        h, 9200, Role.TEACHER, "Наставникова Вера", organisation_id=ids["org"]
    )  # type: ignore[arg-type]
    await seed.pair(h, mentor, ids["anna"])  # type: ignore[arg-type]
    async with h.runtime.sessions() as session:
        admin = MemberInfo.of(await session.get(Member, ids["admin"]))  # type: ignore[arg-type]
    starts = datetime(2026, 12, 1, 15, 0, tzinfo=MOSCOW)
    for n, (title, areas) in enumerate(
        (
            ("Семинар по ИКТ", (Competence.ICT,)),
            ("Практикум по функциональной грамотности", (Competence.LITERACY,)),
            ("Семинар по психологии", (Competence.PSYCHOLOGY,)),
        )
    ):
        async with unit_of_work(h.runtime.sessions) as repo:
            await EventService(repo, h.clock, h.runtime.translator, MOSCOW).publish(
                admin,
                EventDraft(
                    kind=EventKind.SEMINAR,
                    title=title,
                    starts_at=(starts + timedelta(days=n)).astimezone(UTC),
                    ends_at=None,
                    all_day=False,
                    place=None,
                    link=None,
                    description=None,
                    competences=areas,
                    audience=Audience(),
                ),
                today=h.clock.now().date(),
            )
    await h.runtime.sender.drain()
    template, _ = builtin_templates()["diagnostics"]
    await launch(h, ids, template)
    await answer_diagnostics(
        anna,
        {
            "subject": (2, 5),
            "methodology": (3, 4),
            "psychology": (1, 3),
            "literacy": (5, 2),
            "soft": (2, 3),
            "ict": (4, 2),
        },
    )
    texts = [m.text for m in anna.messages()]
    [profile] = [t for t in texts if "Ваш профиль" in t]
    assert "больше всего трудностей — функциональная грамотность, ИКТ, методика" in profile
    assert "сильные стороны — методика, предметные знания" in profile
    after = texts[texts.index(profile) :]
    assert any("Практикум по функциональной грамотности" in t for t in after)
    assert any("Семинар по ИКТ" in t for t in after)
    assert not any("Семинар по психологии" in t for t in after)
    event_card = next(m for m in anna.messages() if "Семинар по ИКТ" in m.text)
    assert "Приду" in event_card.buttons

    await anna.press("📄 Мой маршрут (DOCX)")
    [sent] = [m for m in h.double.messages(anna.id) if m.get("document")]
    content = h.double.file_bytes(sent["document"]["file_id"])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Индивидуальный образовательный маршрут" in text
    assert "Наставникова Вера" in text
    assert "Семинар по ИКТ" in text
    assert "Семинар по психологии" not in text

    async with h.runtime.sessions() as session:
        areas = {
            a.area: (a.difficulty, a.strength) for a in await session.scalars(select(MemberArea))
        }
        assert areas["literacy"] == (5, 2)
    # a survey begun and not finished: its progress is the person's too
    await launch(h, ids, load_template(ANONYMOUS, "anon.yaml"))
    await anna.press("📝 Пройти опрос")
    await anna.press("▶️ Начать")
    async with h.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(SurveyProgress)) == 1
    await forget(anna)
    async with h.runtime.sessions() as session:
        for table in (MemberArea, SurveyResponse, SurveyAnswer, SurveyProgress):
            assert await session.scalar(select(func.count()).select_from(table)) == 0


SELF_CHECK = """
key: test-org
title: Самообследование школы
anonymous: false
respondent: organisation
questions:
  - id: plan
    type: yesno
    text: Есть ли у школы план работы с молодыми специалистами?
"""


async def test_an_organisation_answers_through_its_coordinator_and_no_one_else(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    coordinator = h.person("Нина", "Орлова", user_id=9002)
    ids["coord"] = await seed.member(
        h,
        9002,
        Role.COORDINATOR,
        "Орлова Нина",
        organisation_id=ids["org"],  # type: ignore[arg-type]
    )
    await coordinator.send("/start")
    template = load_template(SELF_CHECK, "org.yaml")
    survey_id, deadline_id = await launch(h, ids, template, unit=DeadlineUnit.ORGANISATION)
    assert not any("Самообследование" in m.text for m in anna.messages())
    # a teacher forging the invitation's button is refused
    await forged(anna, f"sva:{deadline_id}")
    assert "Этот срок не ваш" in anna.alerts()[-1]
    await coordinator.press("📝 Пройти опрос")
    await coordinator.press("▶️ Начать")
    await coordinator.press("Да")
    await coordinator.press("📨 Отправить")
    async with h.runtime.sessions() as session:
        [response] = list(await session.scalars(select(SurveyResponse)))
        assert response.organisation_id == ids["org"]
        assert response.member_id == ids["coord"]
        assert response.answers == {"plan": True}
        assignee = await session.get(DeadlineAssignee, (deadline_id, ids["org"]))
        assert assignee is not None
        assert assignee.status is UnitStatus.SUBMITTED
    assert survey_id
    # forgetting the coordinator keeps the school's answer, without the name
    await forget(coordinator)
    async with h.runtime.sessions() as session:
        [response] = list(await session.scalars(select(SurveyResponse)))
        assert response.member_id is None
        assert response.answers == {"plan": True}


async def test_a_methodologist_downloads_a_teachers_route_from_a_named_diagnostics_only(
    harness: Harness,
) -> None:
    """The person's card in /members offers the route (DOCX) to a methodologist when the
    person's profile comes from a named diagnostics; never for an anonymous one, never to a
    coordinator; a forged press is re-checked."""
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    boris: Person = ids["p_boris"]  # type: ignore[assignment]
    methodologist = await seed.methodologist(h)
    coordinator = h.person("Нина", "Орлова")
    ids["coord"] = await seed.member(
        h, coordinator.id, Role.COORDINATOR, "Орлова Нина", organisation_id=ids["org"]
    )  # type: ignore[arg-type]
    await coordinator.send("/start")
    named, _ = builtin_templates()["diagnostics"]
    await launch(h, ids, named)
    ratings = dict.fromkeys(("subject", "methodology", "psychology", "literacy", "soft"), (4, 2))
    await answer_diagnostics(anna, {**ratings, "ict": (5, 4)})
    anonymous = dataclasses.replace(named, key="diagnostics-anon", anonymous=True)
    anonymous_id, _ = await launch(h, ids, anonymous, title="Диагностика (анонимная)")
    await answer_diagnostics(boris, {**ratings, "ict": (5, 4)})
    async with h.runtime.sessions() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(MemberArea)
                .where(MemberArea.member_id == ids["boris"])
            )
            == 0
        ), "an anonymous survey keeps no profile"
        # a profile that would point at an anonymous survey is not a route either
        session.add(
            MemberArea(
                member_id=ids["boris"], area="ict", difficulty=5, strength=1,
                survey_id=anonymous_id, updated_at=h.clock.now(),
            )
        )  # fmt: skip
        await session.commit()

    route = "📄 Маршрут по диагностике (DOCX)"
    await methodologist.send("/members")
    await methodologist.press("Anna Учитель — СОШ № 1")
    assert route in methodologist.last().buttons
    [sent] = await methodologist.press(route)
    assert sent.raw["document"]["file_name"] == "маршрут — Anna Учитель.docx"
    assert "Индивидуальный образовательный маршрут: Anna Учитель." in sent.text
    content = h.double.file_bytes(sent.raw["document"]["file_id"])
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Индивидуальный образовательный маршрут" in text
    assert "Anna Учитель" in text
    assert "ИКТ" in text

    await methodologist.press("‹ К списку")
    await methodologist.press("Boris Учитель — СОШ № 1")
    assert route not in methodologist.last().buttons
    answers = await forge(h, methodologist, ActCb(id=ids["boris"], a="rt", f=ALL).pack())  # type: ignore[arg-type]
    assert any("Маршрута нет" in a for a in answers), answers
    assert not [m for m in h.double.messages(methodologist.id) if m.get("document")][1:]

    await coordinator.send("/members")
    await coordinator.press("Anna Учитель — СОШ № 1")
    assert "Anna Учитель" in coordinator.last().text
    assert route not in coordinator.last().buttons
    answers = await forge(h, coordinator, ActCb(id=ids["anna"], a="rt", f=ALL).pack())  # type: ignore[arg-type]
    assert any("только методист" in a for a in answers), answers
    assert not [m for m in h.double.messages(coordinator.id) if m.get("document")]


TYPED = """
key: test-typed
title: Короткая анкета
anonymous: false
questions:
  - id: mood
    type: scale
    text: Как оцените нагрузку?
  - id: started
    type: date
    text: Когда вы начали работать в этой школе?
"""


async def test_typed_bad_answers_and_answers_after_closing_keep_nothing(harness: Harness) -> None:
    """A scale typed outside 1–5 or as a word, a date that is not one (a word, 31 February),
    a file instead of text, and a typed answer once the survey has closed early: each a clear
    answer, the answers kept as they were and nothing handed in."""
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    survey_id, _ = await launch(h, ids, load_template(TYPED, "typed.yaml"))
    await anna.press("📝 Пройти опрос")
    await anna.press("▶️ Начать")
    assert "Как оцените нагрузку?" in cur(anna).text
    [answer] = await anna.send("7")
    assert "Число должно быть от 1 до 5" in answer.text
    [answer] = await anna.send("пять")
    assert "Здесь нужно число" in answer.text
    [started] = await anna.send("3")
    assert "Когда вы начали работать в этой школе?" in started.text
    for bad in ("скоро", "31.02.2026", "12.2026"):
        [answer] = await anna.send(bad)
        assert "Не понял дату" in answer.text, bad
    [answer] = await anna.send_document(("answer.txt", b"01.09.2015", "text/plain"))
    assert "Здесь нужен ответ текстом" in answer.text
    async with h.runtime.sessions() as session:
        progress = await session.get(SurveyProgress, (survey_id, ids["anna"]))
        assert progress is not None
        assert progress.answers == {"mood": 3}
        assert progress.position == "started"

    # the methodologist closes it early; a typed answer afterwards is refused
    async with h.runtime.sessions() as session:
        survey = await session.get(Survey, survey_id)
        assert survey is not None
        survey.status = SurveyStatus.CLOSED
        survey.closes_at = h.clock.now()
        await session.commit()
    h.clock.advance(timedelta(minutes=1))
    [answer] = await anna.send("01.09.2015")
    assert "уже закрыт" in answer.text
    await anna.press("◀️ Назад", started)
    assert "уже закрыт" in anna.alerts()[-1]
    async with h.runtime.sessions() as session:
        progress = await session.get(SurveyProgress, (survey_id, ids["anna"]))
        assert progress is not None
        assert progress.answers == {"mood": 3}
        assert await session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


async def test_a_press_is_answered_while_its_next_screen_is_on_the_way(harness: Harness) -> None:
    """The next screen and the answer to the press go to Telegram together: the press is
    answered before the edit's slow answer has come back (one round trip of waiting, not two),
    and what the press wrote was committed before either request left."""
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    survey_id, _ = await launch(h, ids, load_template(ANONYMOUS, "anon.yaml"))
    await anna.press("📝 Пройти опрос")
    await anna.press("▶️ Начать")
    h.double.set_latency("editMessageText", 0.3)
    since = len(h.double.requests)
    pressing = asyncio.create_task(anna.press("5"))
    # the double has no event for a request's arrival: look until the edit has come
    while not [r for r in h.double.requests[since:] if r.method == "editMessageText"]:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    async with h.runtime.sessions() as session:
        progress = await session.scalar(
            select(SurveyProgress).where(SurveyProgress.survey_id == survey_id)
        )
        assert progress is not None
        assert progress.answers == {"mood": 5}
    await pressing
    h.double.set_latency("editMessageText", 0)
    requests = h.double.requests[since:]
    [edit] = [r for r in requests if r.method == "editMessageText"]
    [answer] = [r for r in requests if r.method == "answerCallbackQuery"]
    assert answer.at < edit.answered_at
    assert "5 из 5" in anna.last().text


async def test_a_press_costs_four_statements(harness: Harness) -> None:
    """The busiest update there is: the member with the dialog state, the person's place in
    the survey (the survey, its deadline, the unit's assignment and progress), the answer, and
    the update's id (handled once) in the same commit."""
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    await launch(h, ids, load_template(ANONYMOUS, "anon.yaml"))
    await anna.press("📝 Пройти опрос")
    await anna.press("▶️ Начать")
    with counting(h.runtime.engine) as seen:
        await anna.press("5")
    assert "5 из 5" in anna.last().text
    statements = [s for s in seen.sql if not s.startswith("BEGIN")]
    assert len(statements) == 4
    assert statements[2].startswith("UPDATE survey_progress")
    assert statements[3].startswith("INSERT INTO handled_updates")
    assert seen.commits == 1
