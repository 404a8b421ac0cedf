"""/invite: a deep link and a QR code for a role; /invites: the working ones, and revoking."""

from __future__ import annotations

from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link

from bot.config import Settings
from bot.i18n import Gettext, enum_key
from bot.keyboards import people as kb
from bot.services import Services
from bot.services.invites import (
    EXPIRY_CHOICES,
    USE_CHOICES,
    USED_KEPT_DAYS,
    InviteInfo,
)
from bot.services.people import MemberInfo
from bot.services.qr import qr_png
from bot.storage.models import Role

ROLES = list(Role)
UNLIMITED = -1


class Inviting(StatesGroup):
    choosing = State()


async def on_invite(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    roles = services.invites.roles_for(member)
    await state.set_state(Inviting.choosing)
    await state.set_data({})
    await message.answer(i18n("invite-ask-role"), reply_markup=kb.invite_roles(i18n, roles))


async def on_step(
    callback: CallbackQuery,
    callback_data: kb.Inv,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    settings: Settings,
) -> None:
    action, value = callback_data.action, callback_data.value
    if action in ("revoke", "revoke_yes", "list"):
        await _revoking(callback, action, value, member, services, i18n, settings)
        return
    if await state.get_state() != Inviting.choosing.state:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    data = await state.get_data()
    chat_id = callback.from_user.id
    edit = callback.message.edit_text  # type: ignore[union-attr]
    if action == "role":
        role = ROLES[value] if 0 <= value < len(ROLES) else None
        if role is None or role not in services.invites.roles_for(member):
            await callback.answer(i18n("error-stale-button"), show_alert=True)
            return
        start = services.invites.start(member, role)
        data = {
            "role": role.value,
            "org": start.organisation_id,
            "ascs": [],
            "days": start.days,
            "uses": _uses_key(start.max_uses),
        }
        await state.set_data(data)
        await callback.answer()
        if start.asks_organisation:
            await _ask_organisation(callback, data, services, i18n, 0)
        else:
            await _after_organisation(callback, data, services, i18n, state)
        return
    if action == "orgs":
        await callback.answer()
        await _ask_organisation(callback, data, services, i18n, value)
        return
    if action == "org":
        if not services.invites.may_choose_organisation(member):
            await callback.answer(i18n("error-stale-button"), show_alert=True)
            return
        data["org"] = value or None
        data["ascs"] = []
        await state.set_data(data)
        await callback.answer()
        await _after_organisation(callback, data, services, i18n, state)
        return
    if action == "asc":
        ascs = set(data.get("ascs", []))
        ascs ^= {value}
        data["ascs"] = sorted(ascs)
        await state.set_data(data)
        await callback.answer()
        items = await _association_items(services, data.get("org"))
        await callback.message.edit_reply_markup(  # type: ignore[union-attr]
            reply_markup=kb.invite_associations(i18n, items, ascs)
        )
        return
    if action in ("days", "uses"):
        if action == "days":
            data["days"] = _next(EXPIRY_CHOICES, data["days"])
        else:
            data["uses"] = _uses_key(_next(USE_CHOICES, _uses_value(data["uses"])))
        await state.set_data(data)
        await callback.answer()
        await _summary(callback, data, services, i18n)
        return
    if action == "summary":
        await callback.answer()
        await _summary(callback, data, services, i18n)
        return
    if action == "cancel":
        await state.clear()
        await callback.answer()
        await edit(i18n("cancel-done"))
        return
    if action == "create":
        invite = await services.invites.create(
            member,
            role=Role(data["role"]),
            organisation_id=data.get("org"),
            association_ids=list(data.get("ascs", [])),
            days=int(data["days"]),
            max_uses=_uses_value(data["uses"]),
        )
        await state.clear()
        await callback.answer()
        await edit(_describe(invite, i18n, settings))
        link = await create_start_link(bot, invite.code)
        await bot.send_message(chat_id, i18n("invite-link", link=link))
        caption = i18n(
            "invite-qr-caption",
            role=i18n(enum_key("role", invite.role)),
            organisation=f", {escape(invite.organisation_name)}"
            if invite.organisation_name
            else "",
            link=link,
        )
        await bot.send_photo(
            chat_id,
            BufferedInputFile(qr_png(link), filename=f"invite-{invite.id}.png"),
            caption=caption,
        )
        return
    await callback.answer(i18n("error-stale-button"), show_alert=True)


async def on_invites(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, settings: Settings
) -> None:
    text, markup = await _list(member, services, i18n, settings)
    await message.answer(text, reply_markup=markup)


async def _revoking(
    callback: CallbackQuery,
    action: str,
    value: int,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    settings: Settings,
) -> None:
    message = callback.message
    if action == "revoke":
        invites = {i.id: i for i in await services.invites.active(member)}
        if value not in invites:
            await callback.answer(i18n("invite-gone"), show_alert=True)
            return
        await callback.answer()
        await message.edit_text(  # type: ignore[union-attr]
            i18n("invite-revoke-ask") + "\n\n" + _describe(invites[value], i18n, settings),
            reply_markup=kb.revoke_confirm(i18n, value),
        )
        return
    if action == "revoke_yes":
        await services.invites.revoke(member, value)
        text, markup = await _list(member, services, i18n, settings)
        await callback.answer(i18n("invite-revoked"))
    else:
        text, markup = await _list(member, services, i18n, settings)
        await callback.answer()
    await message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]


async def _list(
    member: MemberInfo, services: Services, i18n: Gettext, settings: Settings
) -> tuple[str, kb.InlineKeyboardMarkup | None]:
    invites = await services.invites.active(member)
    used = await services.invites.used(member)
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


async def _ask_organisation(
    callback: CallbackQuery, data: dict, services: Services, i18n: Gettext, page: int
) -> None:
    items = [(o.id, o.name) for o in await services.registry.list_organisations(None)]
    optional = services.invites.organisation_optional(Role(data["role"]))
    await callback.message.edit_text(  # type: ignore[union-attr]
        i18n("invite-ask-organisation"),
        reply_markup=kb.invite_organisations(i18n, items, page, optional),
    )


async def _after_organisation(
    callback: CallbackQuery, data: dict, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    role = Role(data["role"])
    if services.invites.asks_associations(role):
        items = await _association_items(services, data.get("org"))
        if items:
            key = "invite-ask-head-of" if role is Role.HEAD else "invite-ask-associations"
            await callback.message.edit_text(  # type: ignore[union-attr]
                i18n(key), reply_markup=kb.invite_associations(i18n, items, set(data["ascs"]))
            )
            return
    await _summary(callback, data, services, i18n)


async def _summary(callback: CallbackQuery, data: dict, services: Services, i18n: Gettext) -> None:
    organisation = (
        (await services.registry.get_organisation(data["org"])).name if data.get("org") else None
    )
    names = [n for i, n in await _association_items(services, data.get("org")) if i in data["ascs"]]
    uses = _uses_value(data["uses"])
    text = i18n(
        "invite-summary",
        role=i18n(enum_key("role", Role(data["role"]))),
        organisation=escape(organisation or i18n("invite-no-organisation")),
        associations=escape(", ".join(names)) or i18n("profile-none"),
    )
    await callback.message.edit_text(  # type: ignore[union-attr]
        text, reply_markup=kb.invite_summary(i18n, data["days"], uses)
    )


async def _association_items(
    services: Services, organisation_id: int | None
) -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in await services.registry.open_to(organisation_id)]


def _next(choices: tuple, current: object) -> object:
    index = choices.index(current) if current in choices else -1
    return choices[(index + 1) % len(choices)]


def _uses_key(uses: int | None) -> int:
    return UNLIMITED if uses is None else uses


def _uses_value(key: int) -> int | None:
    return None if key == UNLIMITED else key


def create_router() -> Router:
    router = Router(name="invites")
    router.message.register(on_invite, Command("invite"))
    router.message.register(on_invites, Command("invites"))
    router.callback_query.register(on_step, kb.Inv.filter())
    return router
