"""/survey_new: a template, its audience, when it opens and closes, a preview with what it
reaches, and the launch.

The draft lives in the dialog state, so a restart keeps it. Who may launch what (a
coordinator within its organisation) and every rule are the launch service's, asked again
at the preview and at «Запустить», so a forged or repeated button changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.handlers.newdeadline_draft import reach_line
from bot.handlers.ui import audience as audience_dialog
from bot.handlers.ui.audience import AudienceHost, described
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show, stale
from bot.handlers.ui.wizard import Editing, Screen, Step, Steps, Wizard, close_question
from bot.keyboards import survey_new as kb
from bot.keyboards.survey_new import SvnCb
from bot.services.audience import Audience
from bot.services.dates import examples, parse_when
from bot.services.errors import DomainError, NotAllowed
from bot.services.surveys.launch import (
    DEFAULT_DAYS_OPEN,
    SurveyLaunchService,
    TemplateChoice,
    unit_of,
)
from bot.storage.models import Role


def launcher(ctx: Ctx) -> SurveyLaunchService:
    return SurveyLaunchService(ctx.services.repo, ctx.clock, ctx.translator, ctx.settings.tz)


class SurveyNew(StatesGroup):
    template = State()
    audience = State()
    opens = State()
    closes = State()
    preview = State()


@dataclass
class Draft:
    """``keys``: the templates offered, in the order of their buttons."""

    w: int
    keys: list[str] = field(default_factory=list)
    template: str | None = None
    audience_json: dict[str, Any] = field(default_factory=dict)
    opens_at: str | None = None  # None: now
    closes_at: str | None = None
    ready: bool = False

    @classmethod
    def load(cls, data: dict[str, Any]) -> Draft:
        return cls(
            w=int(data.get("w", 0)),
            keys=list(data.get("keys") or ()),
            template=data.get("template"),
            audience_json=dict(data.get("audience") or {}),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            ready=bool(data.get("ready")),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "keys": self.keys,
            "template": self.template,
            "audience": self.audience_json,
            "opens_at": self.opens_at,
            "closes_at": self.closes_at,
            "ready": self.ready,
        }

    @property
    def audience(self) -> Audience:
        return Audience.from_json(self.audience_json)

    def with_audience(self, audience: Audience) -> Draft:
        return replace(self, audience_json=audience.to_json())

    def opens(self, now: datetime) -> datetime:
        return datetime.fromisoformat(self.opens_at) if self.opens_at else now

    def closes(self, now: datetime) -> datetime | None:
        return datetime.fromisoformat(self.closes_at) if self.closes_at else None


WIZARD: Wizard[Draft] = Wizard(Draft.load, "survey_launched", "survey-new-already-launched", SvnCb)
AUDIENCE = audience_dialog.register(
    AudienceHost(WIZARD, SurveyNew.audience, "survey-new", kb.audience_exits, named=True)
)


def _day(moment: datetime, ctx: Ctx) -> str:
    return moment.astimezone(ctx.settings.tz).strftime("%d.%m.%Y")


def _moment(moment: datetime, ctx: Ctx) -> str:
    return moment.astimezone(ctx.settings.tz).strftime("%d.%m.%Y %H:%M")


def _wave(choice: TemplateChoice, ctx: Ctx) -> str | None:
    """«волна 2: прошлый запуск 01.10.2025» for a template launched before."""
    if not choice.waves or choice.last_opened is None:
        return None
    return ctx.i18n(
        "survey-new-template-wave",
        title=escape(choice.title),
        wave=choice.waves + 1,
        last=_day(choice.last_opened, ctx),
    )


async def _ask_template(wizard: Draft, ctx: Ctx) -> Screen:
    choices = await launcher(ctx).templates()
    wizard.keys = [c.key for c in choices]
    await WIZARD.save(ctx.state, wizard)
    waves = [line for line in (_wave(c, ctx) for c in choices) if line]
    text = "\n".join([ctx.i18n("survey-new-ask-template"), *waves])
    return text, kb.templates(wizard.w, [c.title for c in choices], ctx.i18n)


async def _ask_audience(wizard: Draft, ctx: Ctx) -> Screen:
    return await audience_dialog.open_menu(AUDIENCE, wizard, ctx)


async def _ask_opens(wizard: Draft, ctx: Ctx) -> Screen:
    text = ctx.i18n("survey-new-ask-opens", **examples(ctx.clock.now(), ctx.settings.tz))
    return text, kb.opens(wizard.w, ctx.i18n)


def _default_close(wizard: Draft, ctx: Ctx) -> datetime:
    start = wizard.opens(ctx.clock.now())
    day = (start + timedelta(days=DEFAULT_DAYS_OPEN)).astimezone(ctx.settings.tz).date()
    return launcher(ctx).deadlines.due_at(day)


async def _ask_closes(wizard: Draft, ctx: Ctx) -> Screen:
    text = ctx.i18n("survey-new-ask-closes", **examples(ctx.clock.now(), ctx.settings.tz))
    default = _day(_default_close(wizard, ctx), ctx)
    return text, kb.closes(wizard.w, ctx.i18n, default)


STEPS = Steps(
    WIZARD,
    Step("template", SurveyNew.template, _ask_template),
    Step("audience", SurveyNew.audience, _ask_audience),
    Step("opens", SurveyNew.opens, _ask_opens),
    Step("closes", SurveyNew.closes, _ask_closes),
)
ALL_STATES = (*STEPS.states, SurveyNew.preview)


async def _advance(after: str, wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    step = STEPS.after(after, wizard)
    if step is None or (wizard.ready and wizard.closes_at is not None):
        await _preview(wizard, ctx, chat_id)
    else:
        await STEPS.ask(step, wizard, ctx, chat_id)


async def _go_on(
    callback: CallbackQuery, message: Message, after: str, wizard: Draft, ctx: Ctx, closing: str
) -> None:
    await _advance(after, wizard, ctx, message.chat.id)
    await close_question(callback, message, closing)


async def _preview(wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    i18n = ctx.i18n
    now = ctx.clock.now()
    wizard = replace(wizard, ready=True)
    opens, closes = wizard.opens(now), wizard.closes(now)
    assert wizard.template is not None
    assert closes is not None
    try:
        template, preview = await launcher(ctx).preview(
            ctx.member, wizard.template, wizard.audience, opens, closes
        )
    except NotAllowed:
        raise
    except DomainError as error:
        text = i18n("survey-new-preview-refused", reason=i18n(error.key, **error.params))
        await ctx.bot.send_message(
            chat_id, text, reply_markup=EDITING.menu(wizard, i18n, back=False)
        )
        await WIZARD.save(ctx.state, wizard, SurveyNew.preview)
        return
    lines = [
        i18n("survey-new-preview-title", title=escape(template.title)),
        i18n("survey-new-preview-anonymous" if template.anonymous else "survey-new-preview-named"),
        i18n("survey-new-preview-questions", count=len(template.questions)),
        i18n(
            "survey-new-preview-when",
            opens=i18n("survey-new-now") if wizard.opens_at is None else _moment(opens, ctx),
            closes=_moment(closes, ctx),
        ),
        await described(wizard.audience, ctx),
        reach_line(unit_of(template), preview.units, preview.people, i18n),
        i18n("survey-new-preview-ask"),
    ]
    await ctx.bot.send_message(chat_id, "\n\n".join(lines), reply_markup=kb.preview(wizard.w, i18n))
    await WIZARD.save(ctx.state, wizard, SurveyNew.preview)


# ---------------------------------------------------------------------- start


async def on_survey_new(message: Message, ctx: Ctx) -> None:
    member = SurveyLaunchService.may_launch(ctx.member)
    own = member.organisation_id if member.role is Role.COORDINATOR else None
    wizard = Draft(w=message.message_id).with_audience(Audience().within(own))
    await message.answer(ctx.i18n("survey-new-intro"))
    await STEPS.ask("template", wizard, ctx, message.chat.id)


# ---------------------------------------------------------------------- buttons


@WIZARD.button(kb.TEMPLATE, SurveyNew.template)
async def on_template(
    callback: CallbackQuery, callback_data: SvnCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if not 0 <= callback_data.v < len(wizard.keys):
        await stale(callback, ctx.i18n)
        return
    key = wizard.keys[callback_data.v]
    template, _ = await launcher(ctx).template(key)
    wizard.template = key
    chosen = ctx.i18n("survey-new-chosen-template", title=escape(template.title))
    await _go_on(callback, message, "template", wizard, ctx, chosen)


@WIZARD.button(kb.AUDIENCE_NEXT, SurveyNew.audience)
async def on_audience_next(
    callback: CallbackQuery, callback_data: SvnCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    closing = ctx.i18n("survey-new-chosen-audience", audience=await described(wizard.audience, ctx))
    await _go_on(callback, message, "audience", wizard, ctx, closing)


@WIZARD.button(kb.NOW, SurveyNew.opens)
async def on_now(
    callback: CallbackQuery, callback_data: SvnCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    wizard.opens_at = None
    await _go_on(callback, message, "opens", wizard, ctx, ctx.i18n("survey-new-chosen-now"))


@WIZARD.button(kb.DEFAULT_CLOSE, SurveyNew.closes)
async def on_default_close(
    callback: CallbackQuery, callback_data: SvnCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    closes = _default_close(wizard, ctx)
    wizard.closes_at = closes.isoformat()
    closing = ctx.i18n("survey-new-chosen-closes", closes=_moment(closes, ctx))
    await _go_on(callback, message, "closes", wizard, ctx, closing)


# ---------------------------------------------------------------------- typed steps


async def on_opens(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    when = parse_when(message.text or "", ctx.clock.now(), ctx.settings.tz)
    if when.end is not None:
        raise DomainError("newdeadline-error-range", **examples(ctx.clock.now(), ctx.settings.tz))
    opens = max(when.start, ctx.clock.now()) if when.all_day else when.start
    launcher(ctx).check_times(opens, opens + timedelta(days=1))
    wizard.opens_at = opens.isoformat()
    await message.answer(ctx.i18n("survey-new-chosen-opens", opens=_moment(opens, ctx)))
    await _advance("opens", wizard, ctx, message.chat.id)


async def on_closes(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    service = launcher(ctx)
    when = parse_when(message.text or "", ctx.clock.now(), ctx.settings.tz)
    if when.end is not None:
        raise DomainError("newdeadline-error-range", **examples(ctx.clock.now(), ctx.settings.tz))
    closes = (
        service.deadlines.due_at(when.start.astimezone(ctx.settings.tz).date())
        if when.all_day
        else when.start
    )
    service.check_times(wizard.opens(ctx.clock.now()), closes)
    wizard.closes_at = closes.isoformat()
    await message.answer(ctx.i18n("survey-new-chosen-closes", closes=_moment(closes, ctx)))
    await _advance("closes", wizard, ctx, message.chat.id)


async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("survey-new-text-expected"))


async def on_not_a_button(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("survey-new-use-buttons"))


# ---------------------------------------------------------------------- launch, edit


@WIZARD.button(kb.LAUNCH, SurveyNew.preview)
async def on_launch(
    callback: CallbackQuery, callback_data: SvnCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    """The wizard ends in the same transaction as the launch: a second press finds it over."""
    await WIZARD.end(ctx.state, wizard)
    now = ctx.clock.now()
    closes = wizard.closes(now)
    assert wizard.template is not None
    assert closes is not None
    survey = await launcher(ctx).launch(
        ctx.member, wizard.template, wizard.audience, wizard.opens(now), closes
    )
    await callback.answer()
    key = "survey-new-launched" if survey.announced_at else "survey-new-scheduled"
    text = ctx.i18n(
        key,
        title=escape(survey.title),
        wave=survey.wave,
        opens=_moment(survey.opens_at, ctx),
        closes=_moment(survey.closes_at, ctx),
    )
    await show(message, text)


EDITING = Editing(STEPS, "survey-new", kb.EDIT_FIELDS, _preview)
EDITING.register(SurveyNew.preview)
WIZARD.cancel_button(kb.CANCEL, ALL_STATES, "survey-new-cancelled")


def create_router() -> Router:
    router = install(Router(name="survey_new"))
    router.message.register(on_survey_new, Command("survey_new"))
    router.message.register(on_opens, SurveyNew.opens, F.text)
    router.message.register(on_closes, SurveyNew.closes, F.text)
    router.message.register(on_not_text, StateFilter(SurveyNew.opens, SurveyNew.closes))
    router.message.register(
        on_not_a_button, StateFilter(SurveyNew.template, SurveyNew.audience, SurveyNew.preview)
    )
    WIZARD.register(router)
    return router
