"""Answering a survey in the chat.

The «📝 Пройти опрос» button of an invitation or a reminder (``sva:<deadline id>``) opens the
survey behind the deadline: the intro (and the consent), then one question per screen, the
review of all answers with «Изменить» and «Отправить». Typed answers come by message while a
survey is on screen (the dialog state names it). Every press names the question on screen;
the service refuses a press of another one (an old question, a previous survey).
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import replace, stale
from bot.i18n import Gettext
from bot.keyboards import events as events_kb
from bot.keyboards import surveys as kb
from bot.keyboards.callback import INT64_MAX
from bot.keyboards.picker import markup, short
from bot.keyboards.surveys import SvqCb
from bot.services.errors import DomainError
from bot.services.people import MemberInfo
from bot.services.surveys.answering import Profile, Screen, Submitted
from bot.services.surveys.answers import choices, format_answer
from bot.services.surveys.model import QuestionType

MESSAGE_LIMIT = 4000  # characters of one message (Telegram allows 4096)
REVIEW_LIMITS = ((1000, 2000), (120, 300), (60, 100), (30, 40), (12, 12))
TYPED = {QuestionType.TEXT, QuestionType.LONGTEXT, QuestionType.NUMBER, QuestionType.DATE}


class Answering(StatesGroup):
    on = State()  # a survey is on screen: a message answers its question


def _member(ctx: Ctx) -> MemberInfo:
    assert ctx.member is not None
    return ctx.member


def _raw_id(data: str | None) -> int | None:
    _, _, raw = (data or "").partition(":")
    if not raw.isdigit() or len(raw) > 19 or int(raw) > INT64_MAX:
        return None
    return int(raw)


# ---------------------------------------------------------------------- screens


def _intro(screen: Screen, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    template = screen.template
    parts = [f"<b>{escape(screen.title)}</b>"]
    if template.intro:
        parts.append(escape(template.intro))
    parts.append(
        i18n("survey-answer-anonymous") if screen.anonymous else i18n("survey-answer-named")
    )
    if template.consent:
        parts.append(i18n("survey-answer-consent", text=escape(template.consent)))
        return "\n\n".join(parts), kb.consent(screen.survey_id, screen.unit_id, i18n)
    return "\n\n".join(parts), kb.start(screen.survey_id, screen.unit_id, screen.index, i18n)


def _hint(screen: Screen, i18n: Gettext) -> str | None:
    question = screen.question
    assert question is not None
    kind = question.type
    if screen.wants_other:
        return i18n("survey-answer-hint-other")
    if kind is QuestionType.MULTI:
        if question.max_choices:
            return i18n("survey-answer-hint-multi-max", limit=question.max_choices)
        return i18n("survey-answer-hint-multi")
    if kind is QuestionType.SCALE and (question.low_label or question.high_label):
        return i18n(
            "survey-answer-hint-scale",
            low=escape(question.low_label or "—"),
            high=escape(question.high_label or "—"),
        )
    if kind is QuestionType.NUMBER:
        if question.min is not None and question.max is not None:
            return i18n("survey-answer-hint-number-range", min=question.min, max=question.max)
        return i18n("survey-answer-hint-number")
    if kind is QuestionType.DATE:
        return i18n("survey-answer-hint-date")
    if kind in (QuestionType.TEXT, QuestionType.LONGTEXT):
        return i18n("survey-answer-hint-text")
    return None


def _question(screen: Screen, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    question = screen.question
    assert question is not None
    parts = [f"<b>{escape(screen.title)}</b>"]
    if question.section:
        parts.append(f"<i>{escape(question.section)}</i>")
    parts.append(i18n("survey-answer-counter", n=screen.number, total=len(screen.shown)))
    parts.append(escape(question.text))
    hint = _hint(screen, i18n)
    if hint:
        parts.append(f"<i>{hint}</i>")
    value = screen.value
    if value is not None and question.type in TYPED:
        parts.append(
            i18n("survey-answer-current", answer=escape(format_answer(question, value, i18n)))
        )
    chosen: list[str] = []
    if isinstance(value, dict) and isinstance(value.get("chosen"), list):
        chosen = [c for c in value["chosen"] if isinstance(c, str)]
    elif isinstance(value, bool):
        chosen = ["yes" if value else "no"]
    elif isinstance(value, int):
        chosen = [str(value)]
    options = choices(question, i18n)
    keyboard = kb.question(
        screen.survey_id,
        screen.unit_id,
        screen.index,
        options,
        chosen,
        i18n,
        multi=question.type is QuestionType.MULTI,
        in_row=question.type in (QuestionType.SCALE, QuestionType.YESNO),
        optional=not question.required,
        first=screen.number <= 1,
    )
    return "\n\n".join(parts), keyboard


def _review(screen: Screen, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    items: list[tuple[int, int, str]] = []
    rows: list[tuple[str, str]] = []
    for n, question in enumerate(screen.shown, start=1):
        answer = format_answer(question, screen.answers.get(question.id), i18n)
        rows.append((f"{n}. {question.text}", answer))
        items.append((n, screen.template.index(question.id), question.text))
    head = [f"<b>{escape(screen.title)}</b>", i18n("survey-answer-review")]
    tail = [i18n("survey-answer-review-hint")]
    # A long survey is shortened to fit one message: questions first, then the answers.
    for question_limit, answer_limit in REVIEW_LIMITS:
        lines = [
            f"{escape(short(q, question_limit))}\n— {escape(short(a, answer_limit))}"
            for q, a in rows
        ]
        text = "\n\n".join([*head, *lines, *tail])
        if len(text) <= MESSAGE_LIMIT:
            break
    else:
        kept: list[str] = []
        room = MESSAGE_LIMIT - len("\n\n".join([*head, "…", *tail]))
        for line in lines:
            room -= len(line) + 2
            if room < 0:
                break
            kept.append(line)
        text = "\n\n".join([*head, *kept, "…", *tail])
    return text, kb.review(screen.survey_id, screen.unit_id, screen.index, items, i18n)


def _screen(screen: Screen, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    if screen.fresh:
        return _intro(screen, i18n)
    if screen.question is None:
        return _review(screen, i18n)
    return _question(screen, i18n)


async def _on_screen(screen: Screen, ctx: Ctx) -> None:
    """The dialog state names the survey on screen, so a message answers it."""
    await ctx.state.set_state(Answering.on)
    await ctx.state.set_data({"s": screen.survey_id, "u": screen.unit_id})


# ---------------------------------------------------------------------- opening


async def on_open(callback: CallbackQuery, ctx: Ctx) -> None:
    deadline_id = _raw_id(callback.data)
    if deadline_id is None:
        await stale(callback, ctx.i18n)
        return
    await open_survey(callback, ctx, deadline_id)


async def open_survey(callback: CallbackQuery, ctx: Ctx, deadline_id: int) -> None:
    """Begin or resume the survey behind a deadline, below the pressed message (also from
    the «Сдать» of /deadlines)."""
    screen = await ctx.services.survey_answering.open(_member(ctx), deadline_id)
    await _on_screen(screen, ctx)
    text, keyboard = _screen(screen, ctx.i18n)
    await callback.answer()
    await ctx.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)


# ---------------------------------------------------------------------- pressing


async def on_press(callback: CallbackQuery, callback_data: SvqCb, ctx: Ctx) -> None:
    service = ctx.services.survey_answering
    member = _member(ctx)
    s, u, q = callback_data.s, callback_data.u, callback_data.q
    act = callback_data.act
    if act == kb.GO:
        screen = await service.show(member, s, u, q)
    elif act == kb.AGREE:
        screen = await service.agree(member, s, u)
    elif act == kb.DECLINE:
        screen = await service.decline(member, s, u)
        await ctx.state.clear()
        await replace(
            callback,
            ctx.i18n("survey-answer-declined", title=escape(screen.title)),
            kb.resume(screen.deadline_id, ctx.i18n("survey-answer-button-reconsider")),
        )
        return
    elif act == kb.CHOOSE:
        screen = await service.choose(member, s, u, q, callback_data.o)
    elif act == kb.DONE:
        screen = await service.done(member, s, u, q)
    elif act == kb.SKIP:
        screen = await service.skip(member, s, u, q)
    elif act == kb.BACK:
        screen = await service.back(member, s, u, q)
    elif act == kb.EDIT:
        screen = await service.edit(member, s, u, q, callback_data.t)
    elif act == kb.LATER:
        screen = await service.show(member, s, u, q)
        await ctx.state.clear()
        await replace(
            callback,
            ctx.i18n("survey-answer-later", title=escape(screen.title)),
            kb.resume(screen.deadline_id, ctx.i18n("survey-answer-button-resume")),
        )
        return
    elif act == kb.SEND:
        done = await service.submit(member, s, u, q)
        await ctx.state.clear()
        await replace(callback, ctx.i18n("survey-answer-thanks", title=escape(done.title)))
        await _feedback(done, ctx)
        return
    elif act == kb.ROUTE:
        await _route(callback, ctx)
        return
    else:
        await stale(callback, ctx.i18n)
        return
    await _on_screen(screen, ctx)
    await replace(callback, *_screen(screen, ctx.i18n))


async def _feedback(done: Submitted, ctx: Ctx) -> None:
    """After the diagnostics: the person's own profile and the events that fit it."""
    if done.profile is None:
        return
    member, i18n = _member(ctx), ctx.i18n
    service = ctx.services.survey_answering
    await ctx.bot.send_message(
        member.telegram_id or 0,
        _profile_text(done.profile, i18n),
        reply_markup=kb.route(done.survey_id, i18n),
    )
    events = await service.fitting_events(member, done.profile)
    if events:
        await ctx.bot.send_message(member.telegram_id or 0, i18n("survey-answer-events"))
    for card in events:
        await ctx.bot.send_message(
            member.telegram_id or 0,
            ctx.services.events.render(card.event, i18n.locale),
            reply_markup=markup(events_kb.rsvp_rows(card.event.id, i18n)),
        )


def _areas(areas: tuple[str, ...], i18n: Gettext) -> str:
    return ", ".join(i18n(f"competence-{a}") for a in areas) or i18n("survey-answer-profile-none")


def _profile_text(profile: Profile, i18n: Gettext) -> str:
    return i18n(
        "survey-answer-profile",
        difficult=_areas(profile.difficult, i18n),
        strong=_areas(profile.strong, i18n),
    )


async def _route(callback: CallbackQuery, ctx: Ctx) -> None:
    content = await ctx.services.survey_answering.route(_member(ctx), ctx.i18n.locale)
    await callback.answer()
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=ctx.i18n("survey-route-file")),
        caption=ctx.i18n("survey-route-caption"),
    )


# ---------------------------------------------------------------------- typing


async def on_text(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    try:
        s, u = int(data["s"]), int(data["u"])
    except (KeyError, TypeError, ValueError):
        await ctx.state.clear()
        raise DomainError("survey-error-stale") from None
    screen = await ctx.services.survey_answering.answer_text(_member(ctx), s, u, message.text)
    text, keyboard = _screen(screen, ctx.i18n)
    await message.answer(text, reply_markup=keyboard)


async def on_not_text(message: Message, ctx: Ctx) -> None:
    raise DomainError("survey-error-text-expected")


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n, "survey-error-stale")


def create_router() -> Router:
    """For registered members (the parent router's filter)."""
    router = install(Router(name="survey"))
    router.message.register(on_text, Answering.on, F.text)
    router.message.register(on_not_text, Answering.on)
    cb = router.callback_query
    cb.register(on_open, F.data.startswith(f"{kb.ANSWER}:"))
    cb.register(on_press, SvqCb.filter())
    cb.register(on_unknown_button, F.data.startswith(f"{SvqCb.__prefix__}:"))
    return router
