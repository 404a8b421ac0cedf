"""/surveys: the open and recent surveys with their response rate, a card per survey (close
early, extend, remind those who have not answered); /survey_templates: the templates, each
downloadable as YAML, and a new one uploaded as a file.

Every button is re-checked by the launch service (who may follow or change the survey).
"""

from __future__ import annotations

import io
from datetime import datetime
from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.handlers.survey_new import launcher
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import accessible, show
from bot.keyboards import survey_new as kb
from bot.keyboards.survey_new import SvmCb, SvtCb
from bot.services.dates import examples, parse_when
from bot.services.errors import DomainError, NotAllowed
from bot.services.surveys.launch import UPLOAD_LIMIT, SurveyLaunchService, SurveyLine
from bot.services.surveys.spec import TemplateErrors
from bot.storage.models import SurveyStatus


class SurveyAdmin(StatesGroup):
    extend = State()  # the new closing date is typed
    upload = State()  # a template file is awaited


def _day(moment: datetime, ctx: Ctx) -> str:
    return moment.astimezone(ctx.settings.tz).strftime("%d.%m.%Y %H:%M")


def _is_open(line: SurveyLine, ctx: Ctx) -> bool:
    return line.status is SurveyStatus.OPEN and line.closes_at > ctx.clock.now()


def _card_text(line: SurveyLine, ctx: Ctx) -> str:
    i18n = ctx.i18n
    if line.status is SurveyStatus.CLOSED:
        state = i18n("survey-admin-state-closed-early")
    elif line.closes_at <= ctx.clock.now():
        state = i18n("survey-admin-state-closed")
    elif line.opens_at > ctx.clock.now():
        state = i18n("survey-admin-state-waiting")
    else:
        state = i18n("survey-admin-state-open")
    return "\n".join(
        [
            f"<b>{escape(line.title)}</b>",
            i18n("survey-admin-card-wave", wave=line.wave, state=state),
            i18n(
                "survey-admin-card-when",
                opens=_day(line.opens_at, ctx),
                closes=_day(line.closes_at, ctx),
            ),
            i18n("survey-admin-card-anonymous" if line.anonymous else "survey-admin-card-named"),
            i18n("survey-admin-rate", done=line.done, total=line.total),
            *([i18n("survey-admin-declined", count=line.declined)] if line.declined else []),
            "",
            i18n("survey-admin-card-results"),
        ]
    )


async def on_surveys(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    lines = await launcher(ctx).surveys(ctx.member)
    if not lines:
        await message.answer(ctx.i18n("survey-admin-none"))
        return
    text = [ctx.i18n("survey-admin-list")]
    text += [
        ctx.i18n(
            "survey-admin-item",
            title=escape(line.title),
            done=line.done,
            total=line.total,
            closes=_day(line.closes_at, ctx),
        )
        for line in lines
    ]
    items = [(line.id, line.title) for line in lines]
    await message.answer("\n".join(text), reply_markup=kb.survey_list(items))


async def _card(
    callback: CallbackQuery, data: SvmCb, ctx: Ctx, text_above: str | None = None
) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    line, manages = await launcher(ctx).survey(ctx.member, data.s)
    text = _card_text(line, ctx)
    if text_above:
        text = text_above + "\n\n" + text
    keyboard = kb.card(line.id, ctx.i18n, open_=_is_open(line, ctx), manages=manages)
    await show(message, text, keyboard)
    await callback.answer()


async def on_card(callback: CallbackQuery, callback_data: SvmCb, ctx: Ctx) -> None:
    await _card(callback, callback_data, ctx)


async def on_close(callback: CallbackQuery, callback_data: SvmCb, ctx: Ctx) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    line, manages = await launcher(ctx).survey(ctx.member, callback_data.s)
    if not manages:
        raise NotAllowed("survey-launch-error-not-allowed")
    await show(
        message,
        ctx.i18n("survey-admin-close-ask", title=escape(line.title)),
        kb.confirm_close(line.id, ctx.i18n),
    )
    await callback.answer()


async def on_close_yes(callback: CallbackQuery, callback_data: SvmCb, ctx: Ctx) -> None:
    await launcher(ctx).close_early(ctx.member, callback_data.s)
    await _card(callback, callback_data, ctx, ctx.i18n("survey-admin-closed"))


async def on_close_no(callback: CallbackQuery, callback_data: SvmCb, ctx: Ctx) -> None:
    await _card(callback, callback_data, ctx)


async def on_nudge(callback: CallbackQuery, callback_data: SvmCb, ctx: Ctx) -> None:
    sent = await launcher(ctx).nudge(ctx.member, callback_data.s)
    await callback.answer(ctx.i18n("survey-admin-nudged", count=sent), show_alert=True)


async def on_extend(callback: CallbackQuery, callback_data: SvmCb, ctx: Ctx) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    line, manages = await launcher(ctx).survey(ctx.member, callback_data.s)
    if not manages:
        raise NotAllowed("survey-launch-error-not-allowed")
    if not _is_open(line, ctx):
        raise DomainError("survey-launch-error-closed")
    await ctx.state.set_state(SurveyAdmin.extend)
    await ctx.state.set_data({"survey": line.id})
    await message.answer(
        ctx.i18n("survey-admin-extend-ask", **examples(ctx.clock.now(), ctx.settings.tz))
    )
    await callback.answer()


async def on_not_a_date(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("survey-new-text-expected"))


async def on_extend_date(message: Message, ctx: Ctx) -> None:
    survey_id = int((await ctx.state.get_data()).get("survey", 0))
    service: SurveyLaunchService = launcher(ctx)
    when = parse_when(message.text or "", ctx.clock.now(), ctx.settings.tz)
    closes = (
        service.deadlines.due_at(when.start.astimezone(ctx.settings.tz).date())
        if when.all_day
        else when.start
    )
    survey = await service.extend(ctx.member, survey_id, closes)
    await ctx.state.clear()
    await message.answer(
        ctx.i18n("survey-admin-extended", title=escape(survey.title), closes=_day(closes, ctx))
    )


# ---------------------------------------------------------------------- templates


async def on_templates(message: Message, ctx: Ctx) -> None:
    SurveyLaunchService.may_upload(ctx.member)
    choices = await launcher(ctx).templates()
    items = [
        (
            c.key,
            ctx.i18n(
                "survey-templates-item-builtin" if c.builtin else "survey-templates-item",
                title=c.title,
            ),
        )
        for c in choices
    ]
    await ctx.state.clear()
    await ctx.state.set_state(SurveyAdmin.upload)
    await message.answer(
        ctx.i18n("survey-templates-list", limit=UPLOAD_LIMIT // 1024),
        reply_markup=kb.downloads(items),
    )


async def on_download(callback: CallbackQuery, callback_data: SvtCb, ctx: Ctx) -> None:
    SurveyLaunchService.may_upload(ctx.member)
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    _, text = await launcher(ctx).template(callback_data.key)
    await ctx.bot.send_document(
        message.chat.id,
        BufferedInputFile(text.encode("utf-8"), filename=f"{callback_data.key}.yaml"),
    )
    await callback.answer()


async def on_upload(message: Message, ctx: Ctx) -> None:
    document = message.document
    if document is None:
        await message.answer(ctx.i18n("survey-templates-file-expected"))
        return
    service = launcher(ctx)
    service.may_upload(ctx.member)
    name = document.file_name or "template.yaml"
    if not name.lower().endswith((".yaml", ".yml")):
        raise DomainError("survey-launch-error-not-yaml")
    if document.file_size is not None and document.file_size > UPLOAD_LIMIT:
        raise DomainError("survey-launch-error-too-large", limit=UPLOAD_LIMIT // 1024)
    try:
        buffer = io.BytesIO()
        await ctx.bot.download(document.file_id, destination=buffer)
    except TelegramAPIError as exc:
        raise DomainError("survey-templates-download-failed") from exc
    try:
        template, replaced = await service.upload(ctx.member, name, buffer.getvalue())
    except TemplateErrors as errors:
        await message.answer(errors.render(ctx.i18n))
        return
    key = "survey-templates-replaced" if replaced else "survey-templates-stored"
    await message.answer(ctx.i18n(key, title=escape(template.title), template=template.key))


def create_router() -> Router:
    router = install(Router(name="survey_admin"))
    router.message.register(on_surveys, Command("surveys"))
    router.message.register(on_templates, Command("survey_templates"))
    router.message.register(on_extend_date, SurveyAdmin.extend, F.text)
    router.message.register(on_not_a_date, SurveyAdmin.extend)
    router.message.register(on_upload, SurveyAdmin.upload)
    router.callback_query.register(on_card, SvmCb.filter(F.act == kb.CARD))
    router.callback_query.register(on_close, SvmCb.filter(F.act == kb.CLOSE))
    router.callback_query.register(on_close_yes, SvmCb.filter(F.act == kb.CLOSE_YES))
    router.callback_query.register(on_close_no, SvmCb.filter(F.act == kb.CLOSE_NO))
    router.callback_query.register(on_nudge, SvmCb.filter(F.act == kb.NUDGE))
    router.callback_query.register(on_extend, SvmCb.filter(F.act == kb.EXTEND))
    router.callback_query.register(on_download, SvtCb.filter(F.act == kb.DOWNLOAD))
    return router
