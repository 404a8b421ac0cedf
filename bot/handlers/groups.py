"""Group chats: binding, unbinding, the bot added or removed, migration to a supergroup."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import JOIN_TRANSITION, LEAVE_TRANSITION, ChatMemberUpdatedFilter, Command
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.i18n import Gettext
from bot.keyboards import groups as kb
from bot.keyboards.groups import GroupsCb
from bot.keyboards.paging import page_of
from bot.services import Services
from bot.services.groups import BindDialog, BindingView, Choice
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


async def _accessible(callback: CallbackQuery, i18n: Gettext) -> Message | None:
    """The message under the button, or None (and an answer) when Telegram no longer gives it."""
    if isinstance(callback.message, Message):
        return callback.message
    await callback.answer(i18n("error-stale-button"), show_alert=True)
    return None


async def _show(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Turn the message into the next screen; pressing the current page again changes nothing."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def _done(
    callback: CallbackQuery, message: Message, view: BindingView, i18n: Gettext
) -> None:
    await _show(
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


async def on_bind(
    message: Message, services: Services, member: MemberInfo | None, i18n: Gettext
) -> None:
    dialog = await services.groups.begin_binding(member, message.chat.id, message.chat.title or "")
    text, markup = _opening(dialog, i18n)
    await message.answer(text, reply_markup=markup)


async def on_unbind(
    message: Message, services: Services, member: MemberInfo | None, i18n: Gettext, bot: Bot
) -> None:
    view = await services.groups.unbind(member, message.chat.id, message.chat.title or "")
    await message.answer(
        i18n("chats-unbound", whom=_words(view, i18n, case="for"), bot=await _username(bot))
    )


async def on_kinds(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    dialog = await services.groups.resume_binding(
        member, message.chat.id, callback_data.owner, callback_data.ver
    )
    await _show(message, *_kinds(dialog, i18n))
    await callback.answer()


async def on_heads_all(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    view = await services.groups.bind(
        member,
        message.chat.id,
        message.chat.title or "",
        callback_data.owner,
        callback_data.ver,
        BindingKind.HEADS_ALL,
    )
    await _done(callback, message, view, i18n)


async def on_levels(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    dialog = await services.groups.resume_binding(
        member, message.chat.id, callback_data.owner, callback_data.ver
    )
    await _show(
        message,
        i18n("chats-bind-ask-level"),
        kb.levels_keyboard(dialog.owner_id, dialog.version, i18n),
    )
    await callback.answer()


async def on_level(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    level = kb.parse_level(callback_data.arg)
    if level is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    view = await services.groups.bind(
        member,
        message.chat.id,
        message.chat.title or "",
        callback_data.owner,
        callback_data.ver,
        BindingKind.HEADS_LEVEL,
        level=level,
    )
    await _done(callback, message, view, i18n)


async def _choices_screen(
    callback: CallbackQuery,
    message: Message,
    callback_data: GroupsCb,
    choices: list[Choice],
    i18n: Gettext,
    *,
    kind: BindingKind,
    pick: str,
    turn: str,
) -> None:
    owner, ver = callback_data.owner, callback_data.ver
    if not choices:
        await _show(
            message, i18n(f"chats-bind-none-{kind.value}"), kb.back_keyboard(owner, ver, i18n)
        )
    else:
        await _show(
            message,
            i18n(f"chats-bind-ask-{kind.value}"),
            kb.choices_keyboard(
                choices, callback_data.val, pick=pick, turn=turn, owner=owner, ver=ver, i18n=i18n
            ),
        )
    await callback.answer()


async def on_associations(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    choices = await services.groups.association_choices(
        member, message.chat.id, callback_data.owner, callback_data.ver
    )
    await _choices_screen(
        callback,
        message,
        callback_data,
        choices,
        i18n,
        kind=BindingKind.ASSOCIATION,
        pick=kb.ASSOCIATION,
        turn=kb.ASSOCIATIONS,
    )


async def on_organisations(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    choices = await services.groups.organisation_choices(
        member, message.chat.id, callback_data.owner, callback_data.ver
    )
    await _choices_screen(
        callback,
        message,
        callback_data,
        choices,
        i18n,
        kind=BindingKind.ORGANISATION,
        pick=kb.ORGANISATION,
        turn=kb.ORGANISATIONS,
    )


async def on_association(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    view = await services.groups.bind(
        member,
        message.chat.id,
        message.chat.title or "",
        callback_data.owner,
        callback_data.ver,
        BindingKind.ASSOCIATION,
        target_id=callback_data.val,
    )
    await _done(callback, message, view, i18n)


async def on_organisation(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    view = await services.groups.bind(
        member,
        message.chat.id,
        message.chat.title or "",
        callback_data.owner,
        callback_data.ver,
        BindingKind.ORGANISATION,
        target_id=callback_data.val,
    )
    await _done(callback, message, view, i18n)


async def on_restore(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    view = await services.groups.restore(
        member,
        message.chat.id,
        message.chat.title or "",
        callback_data.owner,
        callback_data.ver,
    )
    await _done(callback, message, view, i18n)


async def on_cancel(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    await services.groups.cancel_binding(member, callback_data.owner)
    await _show(message, i18n("chats-bind-cancelled"))
    await callback.answer()


async def on_unknown_button(callback: CallbackQuery, i18n: Gettext) -> None:
    await callback.answer(i18n("error-stale-button"), show_alert=True)


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


async def on_bind_in_private(
    message: Message, services: Services, member: MemberInfo, i18n: Gettext, bot: Bot
) -> None:
    await services.groups.explain_binding(member)
    await message.answer(i18n("chats-private-howto", bot=await _username(bot)))


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


async def on_groups(
    message: Message,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    settings: Settings,
    bot: Bot,
) -> None:
    views = await services.groups.bindings_for(member)
    text, markup = _groups_page(views, 0, member, i18n, settings, await _username(bot))
    await message.answer(text, reply_markup=markup)


async def on_groups_page(
    callback: CallbackQuery,
    callback_data: GroupsCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    settings: Settings,
    bot: Bot,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    views = await services.groups.bindings_for(member)
    text, markup = _groups_page(
        views, callback_data.val, member, i18n, settings, await _username(bot)
    )
    await _show(message, text, markup)
    await callback.answer()


# -- routers


def create_private_router() -> Router:
    router = Router(name="chats-private")
    router.message.register(on_bind_in_private, Command("bind", "unbind"))
    router.message.register(on_groups, Command("groups"))
    router.callback_query.register(on_groups_page, GroupsCb.filter(F.act == kb.GROUPS_PAGE))
    return router


def create_group_router() -> Router:
    router = Router(name="chats-group")
    router.callback_query.filter(F.message.chat.type.in_(GROUP_TYPES))
    router.message.register(on_bind, Command("bind"))
    router.message.register(on_unbind, Command("unbind"))
    router.message.register(on_migrate_to, F.migrate_to_chat_id)
    router.message.register(on_migrate_from, F.migrate_from_chat_id)
    router.message.register(on_new_title, F.new_chat_title)
    for act, handler in (
        (kb.REPLACE, on_kinds),
        (kb.HEADS_ALL, on_heads_all),
        (kb.LEVELS, on_levels),
        (kb.LEVEL, on_level),
        (kb.ASSOCIATIONS, on_associations),
        (kb.ASSOCIATION, on_association),
        (kb.ORGANISATIONS, on_organisations),
        (kb.ORGANISATION, on_organisation),
        (kb.RESTORE, on_restore),
        (kb.CANCEL, on_cancel),
    ):
        router.callback_query.register(handler, GroupsCb.filter(F.act == act))
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{GroupsCb.__prefix__}:"))
    return router


def create_chat_member_router() -> Router:
    router = Router(name="chats-membership")
    router.my_chat_member.filter(F.chat.type.in_(GROUP_TYPES))
    router.my_chat_member.register(on_bot_added, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    router.my_chat_member.register(on_bot_removed, ChatMemberUpdatedFilter(LEAVE_TRANSITION))
    return router
