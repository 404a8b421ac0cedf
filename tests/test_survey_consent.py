"""A template's consent text: «Согласен» / «Не согласен» under the intro, the press recorded
(a named survey: who and when, also with the response; an anonymous one: on the progress row
only, never with the answers), declining keeps no answers, and going on without pressing —
typing an answer, a button of the first question — is not consent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.keyboards.surveys import CHOOSE, SvqCb
from bot.services.surveys import load_template
from bot.storage.models import DeadlineAssignee, SurveyProgress, SurveyResponse, UnitStatus
from tests.harness import Harness, Person, Seen
from tests.test_survey_answering import CLOSES, cur, forged, launch, world

NAMED = """
key: test-consent
title: Анкета с согласием
intro: Три коротких вопроса.
anonymous: false
consent: Я согласен на обработку моих ответов методическим центром.
respondent: person
questions:
  - id: years
    type: number
    text: Сколько лет вы работаете?
  - id: mentor
    type: yesno
    text: Есть ли у вас наставник?
"""

ANONYMOUS = """
key: test-consent-anon
title: Анонимная анкета с согласием
anonymous: true
consent: Я согласен, что мои ответы войдут в обезличенный отчёт.
questions:
  - id: mood
    type: scale
    text: Как настроение?
"""


def edited(p: Person, message: Seen) -> Seen:
    """The message as it is now (a press turns it into the next screen)."""
    return next(m for m in p.messages() if m.message_id == message.message_id)


async def progress_of(h: Harness, survey_id: int, unit_id: int) -> SurveyProgress | None:
    async with h.runtime.sessions() as session:
        return await session.get(SurveyProgress, (survey_id, unit_id))


async def responses(h: Harness) -> list[SurveyResponse]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(SurveyResponse)))


async def test_going_on_without_pressing_is_not_consent_and_declining_keeps_nothing(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    template = load_template(NAMED, "consent.yaml")
    survey_id, deadline_id = await launch(h, ids, template)
    invitation = anna.last()

    [intro] = await anna.press("📝 Пройти опрос", invitation)
    assert "Я согласен на обработку моих ответов методическим центром." in intro.text
    assert intro.buttons == ["✅ Согласен", "❌ Не согласен"]
    # typing the first answer without pressing is refused, and nothing is kept
    [answer] = await anna.send("12")
    assert "Сначала ответьте на согласие" in answer.text
    # so is a button of the first question (forged: the intro shows none)
    await forged(anna, SvqCb(act=CHOOSE, s=survey_id, u=ids["anna"], q=1, o="yes").pack())  # type: ignore[arg-type]
    assert "Сначала ответьте на согласие" in anna.alerts()[-1]
    progress = await progress_of(h, survey_id, ids["anna"])  # type: ignore[arg-type]
    assert progress is not None
    assert progress.consent is None
    assert progress.consent_at is None
    assert progress.answers == {}

    # «Не согласен»: a clear answer, the press recorded, no answers, no response
    h.clock.advance(timedelta(minutes=5))
    declined_at = h.clock.now()
    await anna.press("❌ Не согласен", intro)
    declined = edited(anna, intro)
    assert "Вы не дали согласие" in declined.text
    assert "ответы не сохраняются" in declined.text
    assert declined.buttons == ["📝 Пройти опрос"]
    progress = await progress_of(h, survey_id, ids["anna"])  # type: ignore[arg-type]
    assert progress is not None
    assert (progress.consent, progress.consent_at, progress.answers) == (False, declined_at, {})
    assert progress.member_id == ids["anna"]
    assert await responses(h) == []
    # a message after declining is not an answer either
    [answer] = await anna.send("12")
    assert "Сначала ответьте на согласие" not in answer.text
    progress = await progress_of(h, survey_id, ids["anna"])  # type: ignore[arg-type]
    assert progress is not None
    assert progress.answers == {}
    async with h.runtime.sessions() as session:
        assignee = await session.get(DeadlineAssignee, (deadline_id, ids["anna"]))
        assert assignee is not None
        assert assignee.status is UnitStatus.OPEN

    # changing one's mind: the consent again, then «Согласен» is recorded with its time
    [intro] = await anna.press("📝 Пройти опрос", declined)
    assert "Я согласен на обработку" in intro.text
    assert "✅ Согласен" in intro.buttons
    h.clock.advance(timedelta(minutes=5))
    agreed_at = h.clock.now()
    await anna.press("✅ Согласен", intro)
    assert "Сколько лет вы работаете?" in cur(anna).text
    progress = await progress_of(h, survey_id, ids["anna"])  # type: ignore[arg-type]
    assert progress is not None
    assert (progress.consent, progress.consent_at) == (True, agreed_at)
    [mentor] = await anna.send("12")
    assert "Есть ли у вас наставник?" in mentor.text
    # the invitation again shows where she stopped, not the consent
    [again] = await anna.press("📝 Пройти опрос", invitation)
    assert "Есть ли у вас наставник?" in again.text
    await anna.press("Да", again)
    h.clock.advance(timedelta(minutes=5))
    await anna.press("📨 Отправить")
    assert any("Спасибо! Ответы отправлены." in m.text for m in anna.messages())
    # a named survey keeps who agreed and when with the response
    [response] = await responses(h)
    assert response.member_id == ids["anna"]
    assert response.consented_at == agreed_at
    assert response.answers == {"years": 12, "mentor": True}
    assert await progress_of(h, survey_id, ids["anna"]) is None  # type: ignore[arg-type]


async def test_an_anonymous_survey_keeps_the_consent_on_the_progress_row_only(
    harness: Harness,
) -> None:
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    boris: Person = ids["p_boris"]  # type: ignore[assignment]
    survey_id, _ = await launch(h, ids, load_template(ANONYMOUS, "anon-consent.yaml"))

    [intro] = await anna.press("📝 Пройти опрос")
    assert "обезличенный отчёт" in intro.text
    assert "анонимный" in intro.text
    await anna.press("✅ Согласен", intro)
    progress = await progress_of(h, survey_id, ids["anna"])  # type: ignore[arg-type]
    assert progress is not None
    assert (progress.consent, progress.consent_at) == (True, h.clock.now())
    await anna.press("4")
    await anna.press("📨 Отправить")
    [response] = await responses(h)
    assert response.member_id is None
    assert response.consented_at is None, "an anonymous response never carries the consent"
    assert response.answers == {"mood": 4}
    assert await progress_of(h, survey_id, ids["anna"]) is None  # type: ignore[arg-type]

    # Boris declines: his press stays on his progress row, nothing else is written
    [intro] = await boris.press("📝 Пройти опрос")
    await boris.press("❌ Не согласен", intro)
    progress = await progress_of(h, survey_id, ids["boris"])  # type: ignore[arg-type]
    assert progress is not None
    assert (progress.consent, progress.answers) == (False, {})
    async with h.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


async def test_who_declined_is_not_reminded_until_they_agree(harness: Harness) -> None:
    """«Не согласен» is an answer: the reminders before the closing go to Boris, who is
    silent, and not to Anna, who declined — until she changes her mind and agrees."""
    h = harness
    ids = await world(h)
    anna: Person = ids["p_anna"]  # type: ignore[assignment]
    boris: Person = ids["p_boris"]  # type: ignore[assignment]
    survey_id, _ = await launch(h, ids, load_template(NAMED, "consent.yaml"))
    [intro] = await anna.press("📝 Пройти опрос", anna.last())
    await anna.press("❌ Не согласен", intro)

    def reminders(p: Person) -> int:
        return sum("Напоминание" in m.text for m in p.messages())

    h.clock.set(CLOSES - timedelta(days=7))
    await h.runtime.jobs.fire_reminders()
    await h.runtime.sender.drain()
    assert (reminders(anna), reminders(boris)) == (0, 1)
    # the methodologist sees who declined, and «Напомнить отстающим» passes her by too
    olga = h.person("Ольга", None, user_id=9001)
    await olga.send("/surveys")
    await olga.press("Анкета с согласием")
    assert "Ответили 0 из 2." in olga.last().text
    assert "Не дали согласие: 1 — им не напоминаем, пока не согласятся." in olga.last().text
    await olga.press("⏰ Напомнить отстающим")
    assert olga.alerts()[-1] == "Напоминание отправлено 1 человеку."
    await h.runtime.sender.drain()
    assert (reminders(anna), reminders(boris)) == (0, 2)

    [intro] = await anna.press("📝 Пройти опрос", edited(anna, intro))
    await anna.press("✅ Согласен", intro)
    h.clock.set(CLOSES - timedelta(days=3))
    await h.runtime.jobs.fire_reminders()
    await h.runtime.sender.drain()
    assert (reminders(anna), reminders(boris)) == (1, 3)
    progress = await progress_of(h, survey_id, ids["anna"])  # type: ignore[arg-type]
    assert progress is not None
    assert progress.consent is True
