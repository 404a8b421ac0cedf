"""Group chats: binding, unbinding, the bot added or removed, migration to a supergroup."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from html import escape

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import JOIN_TRANSITION, LEAVE_TRANSITION, ChatMemberUpdatedFilter, Command
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import accessible, show, stale
from bot.i18n import Gettext
from bot.keyboards import groups as kb
from bot.keyboards.groups import GroupsCb
from bot.keyboards.paging import page_of
from bot.services import Services
from bot.services.groups import BindDialog, BindingView
from bot.services.people import MemberInfo
from bot.storage.models import BindingKind, Role

GROUP_TYPES = {ChatType.GROUP, ChatType.SUPERGROUP}
GROUPS_PER_PAGE = 10


# -- words


def _target(view: BindingView, i18n: Gettext, *, html: bool) -> str:
    """The association's or organisation's name: escaped for a message, plain for a button."""
    if view.name is None:
        return i18n("chats-target-missing")
    text = f"{view.name} ({view.place})" if view.place else view.name
    if html:
        text = escape(text)
    if view.archived:
        text += i18n("chats-target-archived")
    return text


def _words(view: BindingView, i18n: Gettext, *, case: str, html: bool = True) -> str:
    """What the group stands for: ``case`` "what" (who they are) or "for" (for whom)."""
    info = view.info
    level = i18n(f"chats-level-{info.level.value}") if info.level else ""
    name = _target(view, i18n, html=html)
    return i18n(f"chats-{case}-{info.kind.value}", level=level, name=name)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


async def _username(bot: Bot) -> str:
    return (await bot.me()).username or ""


def _date(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%d.%m.%Y")


# -- screens of the /bind choice


def _opening(dialog: BindDialog, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    """The first screen: replace an active binding, else choose (restoring an old one first)."""
    current = dialog.current
    if current is not None and current.info.is_active:
        return (
            i18n("chats-bind-replace-ask", what=_words(current, i18n, case="what")),
            kb.replace_keyboard(dialog.owner_id, dialog.version, i18n),
        )
    return _kinds(dialog, i18n)


def _kinds(dialog: BindDialog, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    current = dialog.current
    restore = None
    if current is not None and not current.info.is_active:
        what = _words(current, i18n, case="what", html=False)
        restore = i18n("chats-button-restore", what=what)
    return (
        i18n("chats-bind-ask"),
        kb.kinds_keyboard(dialog.owner_id, dialog.version, i18n, restore),
    )


async def _done(
    callback: CallbackQuery, message: Message, view: BindingView, i18n: Gettext
) -> None:
    await show(
        message,
        i18n(
            "chats-bound",
            title=escape(view.info.title),
            what=_words(view, i18n, case="what"),
            whom=_words(view, i18n, case="for"),
        ),
    )
    await callback.answer()


# -- in a group


async def on_bind(message: Message, ctx: Ctx) -> None:
    dialog = await ctx.services.groups.begin_binding(
        ctx.member, message.chat.id, message.chat.title or ""
    )
    text, markup = _opening(dialog, ctx.i18n)
    await message.answer(text, reply_markup=markup)


async def on_unbind(message: Message, ctx: Ctx) -> None:
    view = await ctx.services.groups.unbind(ctx.member, message.chat.id, message.chat.title or "")
    await message.answer(
        ctx.i18n(
            "chats-unbound", whom=_words(view, ctx.i18n, case="for"), bot=await _username(ctx.bot)
        )
    )


# The /bind choice is one message whose buttons carry who asked (``owner``) and the group's
# state when it was asked (``ver``): the dialog's state is the group's binding, so every press
# is checked by the service against the group as it is now (the person, the role, the
# version); a second press of a choice finds the version changed and does nothing twice.
# Each step below gets the press, its data, the message under it and the context.
Step = Callable[[CallbackQuery, GroupsCb, Message, Ctx], Awaitable[None]]


async def on_kinds(callback: CallbackQuery, data: GroupsCb, message: Message, ctx: Ctx) -> None:
    dialog = await ctx.services.groups.resume_binding(
        ctx.member, message.chat.id, data.owner, data.ver
    )
    await show(message, *_kinds(dialog, ctx.i18n))
    await callback.answer()


async def on_levels(callback: CallbackQuery, data: GroupsCb, message: Message, ctx: Ctx) -> None:
    dialog = await ctx.services.groups.resume_binding(
        ctx.member, message.chat.id, data.owner, data.ver
    )
    keyboard = kb.levels_keyboard(dialog.owner_id, dialog.version, ctx.i18n)
    await show(message, ctx.i18n("chats-bind-ask-level"), keyboard)
    await callback.answer()


def _choices(kind: BindingKind, pick: str, turn: str) -> Step:
    """A page of associations or organisations to bind the group to."""

    async def on_choices(
        callback: CallbackQuery, data: GroupsCb, message: Message, ctx: Ctx
    ) -> None:
        groups, i18n, owner, ver = ctx.services.groups, ctx.i18n, data.owner, data.ver
        if kind is BindingKind.ASSOCIATION:
            choices = await groups.association_choices(ctx.member, message.chat.id, owner, ver)
        else:
            choices = await groups.organisation_choices(ctx.member, message.chat.id, owner, ver)
        if not choices:
            text, keyboard = (
                i18n(f"chats-bind-none-{kind.value}"),
                kb.back_keyboard(owner, ver, i18n),
            )
        else:
            text = i18n(f"chats-bind-ask-{kind.value}")
            keyboard = kb.choices_keyboard(
                choices, data.val, pick=pick, turn=turn, owner=owner, ver=ver, i18n=i18n
            )
        await show(message, text, keyboard)
        await callback.answer()

    return on_choices


def _binding(kind: BindingKind) -> Step:
    """Bind the group as ``kind`` (to the level, association or organisation pressed)."""

    async def on_bind_as(
        callback: CallbackQuery, data: GroupsCb, message: Message, ctx: Ctx
    ) -> None:
        level = None
        if kind is BindingKind.HEADS_LEVEL:
            level = kb.parse_level(data.arg)
            if level is None:
                await stale(callback, ctx.i18n)
                return
        picked = kind in (BindingKind.ASSOCIATION, BindingKind.ORGANISATION)
        view = await ctx.services.groups.bind(
            ctx.member,
            message.chat.id,
            message.chat.title or "",
            data.owner,
            data.ver,
            kind,
            level=level,
            target_id=data.val if picked else None,
        )
        await _done(callback, message, view, ctx.i18n)

    return on_bind_as


async def on_restore(callback: CallbackQuery, data: GroupsCb, message: Message, ctx: Ctx) -> None:
    view = await ctx.services.groups.restore(
        ctx.member, message.chat.id, message.chat.title or "", data.owner, data.ver
    )
    await _done(callback, message, view, ctx.i18n)


async def on_cancel(callback: CallbackQuery, data: GroupsCb, message: Message, ctx: Ctx) -> None:
    await ctx.services.groups.cancel_binding(ctx.member, data.owner)
    await show(message, ctx.i18n("chats-bind-cancelled"))
    await callback.answer()


STEPS: dict[str, Step] = {
    kb.REPLACE: on_kinds,
    kb.HEADS_ALL: _binding(BindingKind.HEADS_ALL),
    kb.LEVELS: on_levels,
    kb.LEVEL: _binding(BindingKind.HEADS_LEVEL),
    kb.ASSOCIATIONS: _choices(BindingKind.ASSOCIATION, kb.ASSOCIATION, kb.ASSOCIATIONS),
    kb.ASSOCIATION: _binding(BindingKind.ASSOCIATION),
    kb.ORGANISATIONS: _choices(BindingKind.ORGANISATION, kb.ORGANISATION, kb.ORGANISATIONS),
    kb.ORGANISATION: _binding(BindingKind.ORGANISATION),
    kb.RESTORE: on_restore,
    kb.CANCEL: on_cancel,
}


async def on_step(callback: CallbackQuery, callback_data: GroupsCb, ctx: Ctx) -> None:
    step = STEPS.get(callback_data.act)
    if step is None:
        await stale(callback, ctx.i18n)
        return
    message = await accessible(callback, ctx.i18n)
    if message is not None:
        await step(callback, callback_data, message, ctx)


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


# A group's own service messages (a migration, a new title) may come from no person, so they
# have no dialog state and their handlers take the services alone.


async def on_migrate_to(message: Message, services: Services) -> None:
    """Said in the old group; the bot cannot write there any more, so it stays silent."""
    if message.migrate_to_chat_id is not None:
        await services.groups.migrate(message.chat.id, message.migrate_to_chat_id)


async def on_migrate_from(message: Message, services: Services) -> None:
    if message.migrate_from_chat_id is not None:
        await services.groups.migrate(message.migrate_from_chat_id, message.chat.id)


async def on_new_title(message: Message, services: Services) -> None:
    await services.groups.retitle(message.chat.id, message.new_chat_title or "")


# -- the bot added to or removed from a group


async def on_bot_added(
    event: ChatMemberUpdated,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    bot: Bot,
) -> None:
    view = await services.groups.bot_added(event.chat.id, event.chat.title or "", member)
    name = await _username(bot)
    if view is None:
        text = i18n("chats-greeting", bot=name)
    else:
        key = "chats-greeting-bound" if view.info.is_active else "chats-greeting-restorable"
        text = i18n(key, bot=name, what=_words(view, i18n, case="what"))
    await event.answer(text)


async def on_bot_removed(
    event: ChatMemberUpdated, services: Services, member: MemberInfo | None
) -> None:
    await services.groups.bot_removed(event.chat.id, event.chat.title or "", member)


# -- in a private chat


async def on_bind_in_private(message: Message, ctx: Ctx) -> None:
    await ctx.services.groups.explain_binding(ctx.member)
    await message.answer(ctx.i18n("chats-private-howto", bot=await _username(ctx.bot)))


def _groups_page(
    views: list[BindingView],
    page: int,
    member: MemberInfo,
    i18n: Gettext,
    settings: Settings,
    bot_name: str,
) -> tuple[str, InlineKeyboardMarkup | None]:
    scoped = member.role is Role.COORDINATOR
    if not views:
        key = "chats-groups-empty-own" if scoped else "chats-groups-empty"
        return i18n(key, bot=bot_name), None
    items, page, pages = page_of(views, page, GROUPS_PER_PAGE)
    lines = [i18n("chats-groups-own" if scoped else "chats-groups", count=len(views))]
    for view in items:
        info = view.info
        bound = _date(info.bound_at, settings)
        if info.is_active:
            status = i18n("chats-groups-active", bound=bound)
        else:
            status = i18n(
                f"chats-groups-ended-{view.ended_by or 'other'}",
                bound=bound,
                since=_date(info.updated_at, settings),
            )
        lines.append(
            i18n(
                "chats-groups-item",
                title=escape(info.title),
                what=_capital(_words(view, i18n, case="what")),
                status=status,
            )
        )
    return "\n\n".join(lines), kb.groups_keyboard(page, pages, i18n)


async def on_groups(message: Message, ctx: Ctx) -> None:
    assert ctx.member is not None  # the private router is for registered members
    views = await ctx.services.groups.bindings_for(ctx.member)
    text, markup = _groups_page(
        views, 0, ctx.member, ctx.i18n, ctx.settings, await _username(ctx.bot)
    )
    await message.answer(text, reply_markup=markup)


async def on_groups_page(callback: CallbackQuery, callback_data: GroupsCb, ctx: Ctx) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None or ctx.member is None:
        return
    views = await ctx.services.groups.bindings_for(ctx.member)
    text, markup = _groups_page(
        views, callback_data.val, ctx.member, ctx.i18n, ctx.settings, await _username(ctx.bot)
    )
    await show(message, text, markup)
    await callback.answer()


# -- routers


def create_private_router() -> Router:
    router = install(Router(name="chats-private"))
    router.message.register(on_bind_in_private, Command("bind", "unbind"))
    router.message.register(on_groups, Command("groups"))
    router.callback_query.register(on_groups_page, GroupsCb.filter(F.act == kb.GROUPS_PAGE))
    return router


def create_group_router() -> Router:
    group = Router(name="chats-group")
    group.callback_query.filter(F.message.chat.type.in_(GROUP_TYPES))
    service = Router(name="chats-group-service")  # messages that may come from no person
    service.message.register(on_migrate_to, F.migrate_to_chat_id)
    service.message.register(on_migrate_from, F.migrate_from_chat_id)
    service.message.register(on_new_title, F.new_chat_title)
    router = install(Router(name="chats-group-binding"))
    router.message.register(on_bind, Command("bind"))
    router.message.register(on_unbind, Command("unbind"))
    router.callback_query.register(on_step, GroupsCb.filter())
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{GroupsCb.__prefix__}:"))
    group.include_routers(service, router)
    return group


def create_chat_member_router() -> Router:
    router = Router(name="chats-membership")
    router.my_chat_member.filter(F.chat.type.in_(GROUP_TYPES))
    router.my_chat_member.register(on_bot_added, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    router.my_chat_member.register(on_bot_removed, ChatMemberUpdatedFilter(LEAVE_TRANSITION))
    return router
