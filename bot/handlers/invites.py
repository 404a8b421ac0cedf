"""/invite: a deep link and a QR code for a role; /invites: the working ones, and revoking.

The /invite wizard keeps its draft (role, organisation, associations, expiry, uses) in the
dialog state; every button carries the wizard it belongs to. Who may invite whom, where, is
the invite service's, asked again when the invite is created.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.deep_linking import create_start_link

from bot.config import Settings
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show, stale, toggle
from bot.handlers.ui.wizard import Wizard
from bot.i18n import Gettext, enum_key
from bot.keyboards import people as kb
from bot.keyboards.people import InviteCb
from bot.services.invites import (
    EXPIRY_CHOICES,
    USE_CHOICES,
    USED_KEPT_DAYS,
    InviteInfo,
    InviteService,
)
from bot.services.qr import qr_png
from bot.storage.models import Role

ROLES = list(Role)
UNLIMITED = -1  # "uses" in the dialog state: no limit


class Inviting(StatesGroup):
    choosing = State()


@dataclass(frozen=True)
class InviteDraft:
    """An invite being prepared; ``uses`` is UNLIMITED for no limit."""

    w: int
    role: Role | None = None
    org: int | None = None
    ascs: tuple[int, ...] = ()
    days: int = 14
    uses: int = 1

    @classmethod
    def load(cls, data: dict[str, Any]) -> InviteDraft:
        return cls(
            w=int(data.get("w", 0)),
            role=Role(data["role"]) if data.get("role") else None,
            org=data.get("org"),
            ascs=tuple(int(a) for a in data.get("ascs", ())),
            days=int(data.get("days", 14)),
            uses=int(data.get("uses", 1)),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "role": self.role.value if self.role else None,
            "org": self.org,
            "ascs": sorted(self.ascs),
            "days": self.days,
            "uses": self.uses,
        }

    @property
    def max_uses(self) -> int | None:
        return None if self.uses == UNLIMITED else self.uses


WIZARD: Wizard[InviteDraft] = Wizard(
    InviteDraft.load, "invite_created", "error-stale-button", InviteCb
)
CHOOSING = Inviting.choosing


# ---------------------------------------------------------------------- words and screens


def _describe(invite: InviteInfo, i18n: Gettext, settings: Settings) -> str:
    uses = (
        i18n("invite-used-of", used=invite.used_count, limit=invite.max_uses)
        if invite.max_uses is not None
        else i18n("invite-used-unlimited", used=invite.used_count)
    )
    text = i18n(
        "invite-description",
        role=i18n(enum_key("role", invite.role)),
        organisation=escape(invite.organisation_name or i18n("invite-no-organisation")),
        associations=escape(", ".join(invite.association_names)) or i18n("profile-none"),
        expires=invite.expires_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M"),
        uses=uses,
    )
    if invite.used_by:
        names = ", ".join(
            escape(name) if name else i18n("invite-user-unfinished") for name in invite.used_by
        )
        text += "\n" + i18n("invite-used-by", names=names)
    return text


async def _association_items(ctx: Ctx, organisation_id: int | None) -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in await ctx.services.registry.open_to(organisation_id)]


async def _organisations(draft: InviteDraft, ctx: Ctx, page: int) -> tuple[str, Any]:
    items = [(o.id, o.name) for o in await ctx.services.registry.list_organisations(None)]
    assert draft.role is not None
    optional = InviteService.organisation_optional(draft.role)
    keyboard = kb.invite_organisations(draft.w, ctx.i18n, items, page, optional)
    return ctx.i18n("invite-ask-organisation"), keyboard


async def _summary(draft: InviteDraft, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    registry = ctx.services.registry
    organisation = (await registry.get_organisation(draft.org)).name if draft.org else None
    names = [n for i, n in await _association_items(ctx, draft.org) if i in draft.ascs]
    text = i18n(
        "invite-summary",
        role=i18n(enum_key("role", draft.role)),
        organisation=escape(organisation or i18n("invite-no-organisation")),
        associations=escape(", ".join(names)) or i18n("profile-none"),
    )
    return text, kb.invite_summary(draft.w, i18n, draft.days, draft.max_uses)


async def _after_organisation(draft: InviteDraft, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    """The associations to choose (for a head or a teacher, where there are any), else the
    summary."""
    if draft.role is not None and InviteService.asks_associations(draft.role):
        items = await _association_items(ctx, draft.org)
        if items:
            key = "invite-ask-head-of" if draft.role is Role.HEAD else "invite-ask-associations"
            return ctx.i18n(key), kb.invite_associations(draft.w, ctx.i18n, items, draft.ascs)
    return await _summary(draft, ctx)


def _next(choices: tuple[Any, ...], current: object) -> Any:
    index = choices.index(current) if current in choices else -1
    return choices[(index + 1) % len(choices)]


def _uses_key(uses: int | None) -> int:
    return UNLIMITED if uses is None else uses


# ---------------------------------------------------------------------- the wizard


async def on_invite(message: Message, ctx: Ctx) -> None:
    roles = ctx.services.invites.roles_for(ctx.member)
    draft = InviteDraft(w=message.message_id)
    await WIZARD.save(ctx.state, draft, CHOOSING)
    keyboard = kb.invite_roles(draft.w, ctx.i18n, roles)
    await message.answer(ctx.i18n("invite-ask-role"), reply_markup=keyboard)


@WIZARD.button("role", CHOOSING)
async def on_role(
    callback: CallbackQuery, data: InviteCb, message: Message, draft: InviteDraft, ctx: Ctx
) -> None:
    member = ctx.member
    role = ROLES[data.v] if 0 <= data.v < len(ROLES) else None
    if member is None or role is None or role not in ctx.services.invites.roles_for(member):
        await stale(callback, ctx.i18n)
        return
    start = ctx.services.invites.start(member, role)
    draft = InviteDraft(
        w=draft.w,
        role=role,
        org=start.organisation_id,
        days=start.days,
        uses=_uses_key(start.max_uses),
    )
    await WIZARD.save(ctx.state, draft)
    await callback.answer()
    if not start.asks_organisation:
        await show(message, *await _after_organisation(draft, ctx))
    else:
        await show(message, *await _organisations(draft, ctx, 0))


@WIZARD.button("orgs", CHOOSING)
async def on_organisations_page(
    callback: CallbackQuery, data: InviteCb, message: Message, draft: InviteDraft, ctx: Ctx
) -> None:
    await callback.answer()
    await show(message, *await _organisations(draft, ctx, data.v))


@WIZARD.button("org", CHOOSING)
async def on_organisation(
    callback: CallbackQuery, data: InviteCb, message: Message, draft: InviteDraft, ctx: Ctx
) -> None:
    if ctx.member is None or not InviteService.may_choose_organisation(ctx.member):
        await stale(callback, ctx.i18n)
        return
    draft = replace(draft, org=data.v or None, ascs=())
    await WIZARD.save(ctx.state, draft)
    await callback.answer()
    await show(message, *await _after_organisation(draft, ctx))


@WIZARD.button("asc", CHOOSING)
async def on_association(
    callback: CallbackQuery, data: InviteCb, message: Message, draft: InviteDraft, ctx: Ctx
) -> None:
    draft = replace(draft, ascs=toggle(draft.ascs, data.v))
    await WIZARD.save(ctx.state, draft)
    await callback.answer()
    items = await _association_items(ctx, draft.org)
    await message.edit_reply_markup(
        reply_markup=kb.invite_associations(draft.w, ctx.i18n, items, draft.ascs)
    )


@WIZARD.button("days", CHOOSING)
@WIZARD.button("uses", CHOOSING)
@WIZARD.button("summary", CHOOSING)
async def on_summary(
    callback: CallbackQuery, data: InviteCb, message: Message, draft: InviteDraft, ctx: Ctx
) -> None:
    """The summary; «days» and «uses» first turn to their next choice."""
    if data.act == "days":
        draft = replace(draft, days=_next(EXPIRY_CHOICES, draft.days))
    elif data.act == "uses":
        draft = replace(draft, uses=_uses_key(_next(USE_CHOICES, draft.max_uses)))
    if data.act != "summary":
        await WIZARD.save(ctx.state, draft)
    await callback.answer()
    await show(message, *await _summary(draft, ctx))


@WIZARD.button("create", CHOOSING)
async def on_create(
    callback: CallbackQuery, data: InviteCb, message: Message, draft: InviteDraft, ctx: Ctx
) -> None:
    if draft.role is None:
        await stale(callback, ctx.i18n)
        return
    i18n, bot, chat_id = ctx.i18n, ctx.bot, callback.from_user.id
    await WIZARD.end(ctx.state, draft)
    invite = await ctx.services.invites.create(
        ctx.member,
        role=draft.role,
        organisation_id=draft.org,
        association_ids=list(draft.ascs),
        days=draft.days,
        max_uses=draft.max_uses,
    )
    await callback.answer()
    await show(message, _describe(invite, i18n, ctx.settings))
    link = await create_start_link(bot, invite.code)
    await bot.send_message(chat_id, i18n("invite-link", link=link))
    caption = i18n(
        "invite-qr-caption",
        role=i18n(enum_key("role", invite.role)),
        organisation=f", {escape(invite.organisation_name)}" if invite.organisation_name else "",
        link=link,
    )
    await bot.send_photo(
        chat_id,
        BufferedInputFile(qr_png(link), filename=f"invite-{invite.id}.png"),
        caption=caption,
    )


WIZARD.cancel_button("cancel", (CHOOSING,), "cancel-done")


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


# ---------------------------------------------------------------------- /invites and revoking


async def _list(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup | None]:
    i18n, settings = ctx.i18n, ctx.settings
    invites = await ctx.services.invites.active(ctx.member)
    used = await ctx.services.invites.used(ctx.member)
    if not invites and not used:
        return i18n("invite-list-empty"), None
    blocks = [
        i18n("invite-list-title", count=len(invites)) if invites else i18n("invite-list-none")
    ]
    blocks += [f"{n}. " + _describe(i, i18n, settings) for n, i in enumerate(invites, 1)]
    if used:
        blocks.append(i18n("invite-used-title", count=len(used), days=USED_KEPT_DAYS))
        blocks += ["· " + _describe(i, i18n, settings) for i in used]
    labels = [(i.id, f"{n}. {i18n(enum_key('role', i.role))}") for n, i in enumerate(invites, 1)]
    return "\n\n".join(blocks), kb.invite_list(i18n, labels) if labels else None


async def on_invites(message: Message, ctx: Ctx) -> None:
    text, markup = await _list(ctx)
    await message.answer(text, reply_markup=markup)


async def on_revoking(callback: CallbackQuery, callback_data: kb.Inv, ctx: Ctx) -> None:
    message, i18n = callback.message, ctx.i18n
    if not isinstance(message, Message):
        await stale(callback, i18n)
        return
    action, value = callback_data.action, callback_data.value
    if action == "revoke":
        invites = {i.id: i for i in await ctx.services.invites.active(ctx.member)}
        if value not in invites:
            await callback.answer(i18n("invite-gone"), show_alert=True)
            return
        await callback.answer()
        text = i18n("invite-revoke-ask") + "\n\n" + _describe(invites[value], i18n, ctx.settings)
        await message.edit_text(text, reply_markup=kb.revoke_confirm(i18n, value))
        return
    if action == "revoke_yes":
        await ctx.services.invites.revoke(ctx.member, value)
        text, markup = await _list(ctx)
        await callback.answer(i18n("invite-revoked"))
    elif action == "list":
        text, markup = await _list(ctx)
        await callback.answer()
    else:
        await stale(callback, i18n)
        return
    await message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = install(Router(name="invites"))
    router.message.register(on_invite, Command("invite"))
    router.message.register(on_invites, Command("invites"))
    router.callback_query.register(on_revoking, kb.Inv.filter())
    WIZARD.register(router)
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{InviteCb.__prefix__}:"))
    return router
