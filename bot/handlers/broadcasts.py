"""/announce: an announcement for an audience, previewed exactly as recipients get it, put
into the outbox and reported. The reports themselves are in ``broadcast_reports``.

The wizard keeps its draft (the content and the audience, JSON-able) in the dialog state; the
audience is chosen in the shared audience sub-dialog. Who may address whom is decided by the
broadcast service at every step that matters: the reach in the preview and the sending itself,
so a forged button cannot widen a coordinator's audience.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.ui import audience as audience_dialog
from bot.handlers.ui.audience import AudienceHost, described
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show
from bot.handlers.ui.wizard import Step, Steps, Wizard
from bot.keyboards import broadcasts as kb
from bot.keyboards.broadcasts import AnCb
from bot.services.audience import Audience, Reach
from bot.services.broadcast_report import render_report
from bot.services.broadcasts import check_text
from bot.telegram_transport import markup


class Announcing(StatesGroup):
    content = State()
    audience = State()
    preview = State()


@dataclass(frozen=True)
class Draft:
    """An announcement being prepared. ``ready``: the audience was chosen once, so new
    content goes straight to the preview."""

    w: int
    audience: Audience
    kind: str | None = None
    text: str = ""
    file_ref: str | None = None
    ready: bool = False

    @classmethod
    def load(cls, data: dict[str, Any]) -> Draft:
        return cls(
            w=int(data.get("w", 0)),
            audience=Audience.from_json(data.get("audience") or {}),
            kind=data.get("kind"),
            text=data.get("text") or "",
            file_ref=data.get("file_ref"),
            ready=bool(data.get("ready")),
        )

    def with_audience(self, audience: Audience) -> Draft:
        return replace(self, audience=audience)

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "audience": self.audience.to_json(),
            "kind": self.kind,
            "text": self.text,
            "file_ref": self.file_ref,
            "ready": self.ready,
        }


WIZARD: Wizard[Draft] = Wizard(Draft.load, "announce_sent", "announce-already-sent", AnCb)
ALL_STATES = (Announcing.content, Announcing.audience, Announcing.preview)
AUDIENCE = audience_dialog.register(
    AudienceHost(WIZARD, Announcing.audience, "announce", kb.audience_exits, named=True)
)


async def _ask_content(draft: Draft, ctx: Ctx) -> tuple[str, None]:
    return ctx.i18n("announce-ask-content"), None


async def _ask_audience(draft: Draft, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    return await audience_dialog.open_menu(AUDIENCE, draft, ctx)


STEPS = Steps(
    WIZARD,
    Step("content", Announcing.content, _ask_content),
    Step("audience", Announcing.audience, _ask_audience, skip_if=lambda draft: draft.ready),
)


# ---------------------------------------------------------------------- the preview


async def _summary(draft: Draft, reach: Reach, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    reach_line = i18n(
        "announce-reach",
        people=i18n("announce-people", count=reach.people),
        unreachable=reach.unreachable,
        groups=i18n("announce-group-count", count=reach.groups),
    )
    verdict = i18n("broadcast-error-nobody") if reach.nobody else i18n("announce-preview-ask")
    text = "\n\n".join(
        (i18n("announce-preview-title"), await described(draft.audience, ctx), reach_line, verdict)
    )
    return text, kb.preview_keyboard(draft.w, not reach.nobody, i18n)


async def _send_content(chat_id: int, draft: Draft, ctx: Ctx) -> None:
    """The announcement exactly as the sender will deliver it."""
    caption = draft.text or None
    if draft.kind == "photo":
        await ctx.bot.send_photo(chat_id, draft.file_ref or "", caption=caption)
    elif draft.kind == "document":
        await ctx.bot.send_document(chat_id, draft.file_ref or "", caption=caption)
    else:
        await ctx.bot.send_message(chat_id, draft.text)


async def _preview(chat_id: int, draft: Draft, ctx: Ctx) -> None:
    """The content as recipients will see it, then who gets it and «Отправить»."""
    reach = await ctx.services.broadcasts.reach(ctx.member, draft.audience, ctx.today)
    draft = replace(draft, ready=True)
    await _send_content(chat_id, draft, ctx)
    text, keyboard = await _summary(draft, reach, ctx)
    await ctx.bot.send_message(chat_id, text, reply_markup=keyboard)
    await WIZARD.save(ctx.state, draft, Announcing.preview)


# ---------------------------------------------------------------------- the wizard


def _content_of(message: Message) -> tuple[str, str, str | None] | None:
    """Kind, text as HTML (the person's formatting kept) and file of an incoming message."""
    if message.photo:
        return "photo", message.html_text, message.photo[-1].file_id
    if message.document is not None:
        return "document", message.html_text, message.document.file_id
    if message.text is not None:
        return "text", message.html_text, None
    return None


async def on_announce(message: Message, ctx: Ctx) -> None:
    audience = ctx.services.broadcasts.audience_for(ctx.member, Audience())
    await STEPS.ask("content", Draft(w=message.message_id, audience=audience), ctx, message.chat.id)


async def on_content(message: Message, ctx: Ctx) -> None:
    """The whole message is checked here, as it will go: a refusal says by how much it is
    too long and leaves the draft as it was (no step after this one can fail on length)."""
    parsed = _content_of(message)
    if parsed is None:
        await message.answer(ctx.i18n("broadcast-error-kind"))
        return
    if message.text is not None and message.text.startswith("/"):
        await message.answer(ctx.i18n("announce-content-command"))
        return
    kind, raw, file_ref = parsed
    draft = replace(
        await WIZARD.draft(ctx.state), kind=kind, text=check_text(kind, raw), file_ref=file_ref
    )
    step = STEPS.after("content", draft)
    if step is None:
        await _preview(message.chat.id, draft, ctx)
    else:
        await STEPS.ask(step, draft, ctx, message.chat.id)


@WIZARD.button(kb.SHOW, Announcing.audience)
async def on_show(
    callback: CallbackQuery, data: AnCb, message: Message, draft: Draft, ctx: Ctx
) -> None:
    """«Предпросмотр ›», or «Готово» in any picker: the audience is chosen, show the preview."""
    await _preview(message.chat.id, draft, ctx)
    await callback.answer()
    chosen = await described(draft.audience, ctx)
    await show(message, "\n\n".join((ctx.i18n("announce-audience-chosen"), chosen)))


@WIZARD.button(kb.SEND, Announcing.preview, changed="announce-changed")
async def on_send(
    callback: CallbackQuery, data: AnCb, message: Message, draft: Draft, ctx: Ctx
) -> None:
    await WIZARD.end(ctx.state, draft)
    figures = await ctx.services.broadcasts.send(
        ctx.member,
        kind=draft.kind or "text",
        text=draft.text,
        file_ref=draft.file_ref,
        audience=draft.audience,
        today=ctx.today,
        report_chat_id=message.chat.id,
        report_locale=ctx.i18n.locale,
    )
    await callback.answer()
    await show(message, ctx.i18n("announce-sent"))
    text, buttons = render_report(figures, ctx.translator, ctx.i18n.locale)
    report = await ctx.bot.send_message(message.chat.id, text, reply_markup=markup(buttons))
    await ctx.services.broadcasts.set_report_message(figures.broadcast_id, report.message_id)


@WIZARD.button(kb.EDIT, Announcing.preview)
async def on_edit(
    callback: CallbackQuery, data: AnCb, message: Message, draft: Draft, ctx: Ctx
) -> None:
    await show(message, ctx.i18n("announce-edit-ask"), kb.edit_menu(draft.w, ctx.i18n))
    await callback.answer()


@WIZARD.button(kb.EDIT_CONTENT, Announcing.preview)
async def on_edit_content(
    callback: CallbackQuery, data: AnCb, message: Message, draft: Draft, ctx: Ctx
) -> None:
    await WIZARD.save(ctx.state, draft, Announcing.content)
    await show(message, ctx.i18n("announce-ask-content-again"))
    await callback.answer()


@WIZARD.button(kb.EDIT_AUDIENCE, Announcing.preview)
async def on_edit_audience(
    callback: CallbackQuery, data: AnCb, message: Message, draft: Draft, ctx: Ctx
) -> None:
    await show(message, *await audience_dialog.open_menu(AUDIENCE, draft, ctx))
    await callback.answer()


@WIZARD.button(kb.BACK, Announcing.preview)
async def on_back(
    callback: CallbackQuery, data: AnCb, message: Message, draft: Draft, ctx: Ctx
) -> None:
    reach = await ctx.services.broadcasts.reach(ctx.member, draft.audience, ctx.today)
    await show(message, *await _summary(draft, reach, ctx))
    await callback.answer()


WIZARD.cancel_button(kb.CANCEL, ALL_STATES, "announce-cancelled")


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    router = install(Router(name="broadcasts"))
    router.message.register(on_announce, Command("announce"))
    router.message.register(on_content, Announcing.content)
    WIZARD.register(router)
    return router
