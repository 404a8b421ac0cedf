"""/announce: an announcement for an audience, previewed, put into the outbox and reported;
/broadcasts: the recent broadcasts and their reports.

The wizard keeps its draft (the content and the audience, JSON-able) in the dialog state. Who
may address whom is decided by the broadcast service at every step that matters: the reach in
the preview and the sending itself, so a forged button cannot widen a coordinator's audience.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from html import escape, unescape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.delivery.sender import Sender
from bot.i18n import Gettext, Translator, enum_key
from bot.keyboards import broadcasts as kb
from bot.keyboards.actions import MISSED_PREFIX, ORGS_PREFIX
from bot.keyboards.broadcasts import AnCb
from bot.services import Services
from bot.services.audience import Audience, Groups, Reach, Where, Who
from bot.services.broadcast_report import render_report
from bot.services.broadcasts import AudienceNames, Figures, Informed, Missed, check_text
from bot.services.people import MemberInfo, local_today
from bot.storage.models import DeliveryStatus
from bot.telegram_transport import markup

SENT = "announce_sent"  # dialog data after sending: the wizard that was sent
MESSAGE_LIMIT = 4000  # a little under Telegram's 4096, for long lists
PREVIEW_WORDS = 8
NAMES_SHOWN = 5  # the chosen organisations, associations or groups named; the rest counted
_TAG = re.compile(r"<[^>]*>|<[^>]*$")


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

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "audience": self.audience.to_json(),
            "kind": self.kind,
            "text": self.text,
            "file_ref": self.file_ref,
            "ready": self.ready,
        }


def _today(clock: Clock, settings: Settings) -> date:
    return local_today(clock.now(), settings.tz)


# ---------------------------------------------------------------------- words


def _who(audience: Audience, i18n: Gettext) -> str:
    if audience.who is Who.ROLES:
        roles = ", ".join(i18n(enum_key("role", role)) for role in audience.roles)
        return i18n("announce-who-roles", roles=roles or i18n("announce-roles-any"))
    return i18n(f"announce-who-{audience.who.value}")


def _listed(values: list[str], i18n: Gettext) -> str:
    return ", ".join(values) or i18n("announce-none-chosen")


def _names(names: list[str], i18n: Gettext) -> str:
    """Names for a line of text, escaped, the first NAMES_SHOWN of them and the rest counted."""
    shown = "; ".join(escape(name) for name in names[:NAMES_SHOWN])
    if len(names) <= NAMES_SHOWN:
        return shown
    return i18n("announce-names-more", names=shown, count=len(names) - NAMES_SHOWN)


def _association_names(names: AudienceNames, i18n: Gettext) -> list[str]:
    return [
        i18n("announce-association-named", name=name, organisation=organisation)
        if organisation
        else name
        for name, organisation in names.associations
    ]


def _where(audience: Audience, i18n: Gettext, names: AudienceNames | None) -> str:
    match audience.where:
        case Where.ALL:
            if audience.scope_organisation is not None:
                return i18n("announce-where-own")
            return i18n("announce-where-all")
        case Where.ORGANISATIONS:
            count = len(audience.organisations)
            if names and names.organisations:
                listed = _names(list(names.organisations), i18n)
                return i18n("announce-where-organisations-named", count=count, names=listed)
            return i18n("announce-where-organisations", count=count)
        case Where.ORG_KINDS:
            kinds = [i18n(f"announce-kind-{kind.value}") for kind in audience.org_kinds]
            return i18n("announce-where-kinds", kinds=_listed(kinds, i18n))
        case Where.ASSOCIATIONS:
            count = len(audience.associations)
            if names and names.associations:
                listed = _names(_association_names(names, i18n), i18n)
                return i18n("announce-where-associations-named", count=count, names=listed)
            return i18n("announce-where-associations", count=count)
        case Where.LEVELS:
            levels = [i18n(f"announce-level-{level.value}") for level in audience.levels]
            return i18n("announce-where-levels", levels=_listed(levels, i18n))


def _groups(audience: Audience, i18n: Gettext, names: AudienceNames | None) -> str:
    if audience.groups is Groups.NONE:
        return i18n("announce-groups-none")
    if names is None:
        if audience.groups is Groups.CHOSEN:
            return i18n("announce-groups-chosen", count=len(audience.group_ids))
        return i18n("announce-groups-all")
    titles = [i18n("announce-group-named", title=title) for title in names.groups]
    if not titles:
        return i18n(f"announce-groups-{audience.groups.value}-none")
    listed = _names(titles, i18n)
    return i18n(f"announce-groups-{audience.groups.value}-named", count=len(titles), names=listed)


def describe_audience(audience: Audience, i18n: Gettext, names: AudienceNames | None = None) -> str:
    """Who, where and which groups, in words; with ``names``, the chosen organisations,
    associations and the groups reached are named (else counted)."""
    return "\n".join(
        (
            i18n("announce-audience-who", value=_who(audience, i18n)),
            i18n("announce-audience-where", value=_where(audience, i18n, names)),
            i18n("announce-audience-groups", value=_groups(audience, i18n, names)),
        )
    )


def _menu_text(draft: Draft, i18n: Gettext, names: AudienceNames) -> str:
    return "\n\n".join(
        (
            i18n("announce-audience-title"),
            describe_audience(draft.audience, i18n, names),
            i18n("announce-audience-hint"),
        )
    )


def _summary(
    draft: Draft, reach: Reach, names: AudienceNames, i18n: Gettext
) -> tuple[str, InlineKeyboardMarkup]:
    reach_line = i18n(
        "announce-reach",
        people=i18n("announce-people", count=reach.people),
        unreachable=reach.unreachable,
        groups=i18n("announce-group-count", count=reach.groups),
    )
    verdict = i18n("broadcast-error-nobody") if reach.nobody else i18n("announce-preview-ask")
    text = "\n\n".join(
        (
            i18n("announce-preview-title"),
            describe_audience(draft.audience, i18n, names),
            reach_line,
            verdict,
        )
    )
    return text, kb.preview_keyboard(draft.w, not reach.nobody, i18n)


def _first_words(preview: str, i18n: Gettext) -> str:
    """The beginning of an announcement as plain words (its stored text is HTML, maybe cut)."""
    words = unescape(_TAG.sub("", preview)).split()
    if not words:
        return i18n("broadcasts-no-text")
    shown = " ".join(words[:PREVIEW_WORDS])
    return shown + "…" if len(words) > PREVIEW_WORDS or len(preview) >= 80 else shown


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into messages that fit."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > MESSAGE_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _reason(row: Missed, i18n: Gettext) -> str:
    if row.status == DeliveryStatus.FAILED:
        return i18n("broadcast-reason-failed")
    if row.name is None and row.chat_title is not None:
        return i18n("broadcast-reason-removed")
    return i18n("broadcast-reason-blocked")


def _missed_line(row: Missed, i18n: Gettext) -> str:
    reason = _reason(row, i18n)
    if row.name is None and row.chat_title is not None:
        return i18n("broadcast-missed-group", title=escape(row.chat_title), reason=reason)
    organisation = row.organisation or i18n("broadcast-missed-no-organisation")
    return i18n(
        "broadcast-missed-person",
        name=escape(row.name or ""),
        organisation=escape(organisation),
        reason=reason,
    )


def _informed_lines(rows: list[Informed], i18n: Gettext) -> list[str]:
    if not rows:
        return [i18n("broadcast-orgs-none")]
    informed = sum(1 for row in rows if row.informed)
    lines = [i18n("broadcast-orgs-title")]
    for row in rows:
        name = escape(row.organisation)
        if row.informed:
            lines.append(i18n("broadcast-orgs-yes", name=name))
        else:
            lines.append(i18n("broadcast-orgs-no", name=name))
    lines.append(i18n("broadcast-orgs-total", informed=informed, total=len(rows)))
    return lines


def _when(figures: Figures, settings: Settings) -> str:
    return figures.created_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M")


# ---------------------------------------------------------------------- helpers


async def _accessible(callback: CallbackQuery, i18n: Gettext) -> Message | None:
    """The message under the button, or None (and an answer) when Telegram no longer gives it."""
    if isinstance(callback.message, Message):
        return callback.message
    await callback.answer(i18n("error-stale-button"), show_alert=True)
    return None


async def _show(message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Turn the message into the next screen; pressing the current choice again changes nothing."""
    try:
        await message.edit_text(text, reply_markup=keyboard)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def _open(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    *states: State,
) -> tuple[Message, Draft] | None:
    """The draft this button belongs to, in one of ``states``; else a clear answer and None."""
    message = await _accessible(callback, i18n)
    if message is None:
        return None
    current = await state.get_state()
    data = await state.get_data()
    ours = bool(callback_data.w) and data.get("w") == callback_data.w
    if ours and current in {s.state for s in states}:
        return message, Draft.load(data)
    if callback_data.w and data.get(SENT) == callback_data.w:
        await callback.answer(i18n("announce-already-sent"), show_alert=True)
    elif ours and callback_data.act == kb.SEND:
        await callback.answer(i18n("announce-changed"), show_alert=True)
    else:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
    return None


async def _save(state: FSMContext, draft: Draft, step: State | None = None) -> None:
    if step is not None:
        await state.set_state(step)
    await state.set_data(draft.dump())


async def _send_content(bot: Bot, chat_id: int, draft: Draft) -> None:
    """The announcement exactly as the sender will deliver it."""
    caption = draft.text or None
    if draft.kind == "photo":
        await bot.send_photo(chat_id, draft.file_ref or "", caption=caption)
    elif draft.kind == "document":
        await bot.send_document(chat_id, draft.file_ref or "", caption=caption)
    else:
        await bot.send_message(chat_id, draft.text)


async def _preview(
    chat_id: int,
    draft: Draft,
    *,
    services: Services,
    member: MemberInfo | None,
    today: date,
    bot: Bot,
    state: FSMContext,
    i18n: Gettext,
) -> None:
    """The content as recipients will see it, then who gets it and «Отправить»."""
    reach = await services.broadcasts.reach(member, draft.audience, today)
    names = await services.broadcasts.names(draft.audience)
    draft = replace(draft, ready=True)
    await _send_content(bot, chat_id, draft)
    text, keyboard = _summary(draft, reach, names, i18n)
    await bot.send_message(chat_id, text, reply_markup=keyboard)
    await _save(state, draft, Announcing.preview)


def _content_of(message: Message) -> tuple[str, str, str | None] | None:
    """Kind, text as HTML (the person's formatting kept) and file of an incoming message."""
    if message.photo:
        return "photo", message.html_text, message.photo[-1].file_id
    if message.document is not None:
        return "document", message.html_text, message.document.file_id
    if message.text is not None:
        return "text", message.html_text, None
    return None


async def _menu(message: Message, draft: Draft, services: Services, i18n: Gettext) -> None:
    """Turn the message into the audience menu, naming what is chosen."""
    names = await services.broadcasts.names(draft.audience)
    await _show(message, _menu_text(draft, i18n, names), kb.audience_menu(draft.w, i18n))


# ---------------------------------------------------------------------- the wizard


async def on_announce(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    audience = services.broadcasts.audience_for(member, Audience())
    await _save(state, Draft(w=message.message_id, audience=audience), Announcing.content)
    await message.answer(i18n("announce-ask-content"))


async def on_content(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    """The whole message is checked here, as it will go: a refusal says by how much it is
    too long and leaves the draft as it was (no step after this one can fail on length)."""
    parsed = _content_of(message)
    if parsed is None:
        await message.answer(i18n("broadcast-error-kind"))
        return
    if message.text is not None and message.text.startswith("/"):
        await message.answer(i18n("announce-content-command"))
        return
    kind, raw, file_ref = parsed
    draft = replace(
        Draft.load(await state.get_data()),
        kind=kind,
        text=check_text(kind, raw),
        file_ref=file_ref,
    )
    if draft.ready:
        today = _today(clock, settings)
        await _preview(
            message.chat.id,
            draft,
            services=services,
            member=member,
            today=today,
            bot=bot,
            state=state,
            i18n=i18n,
        )
        return
    await _save(state, draft, Announcing.audience)
    names = await services.broadcasts.names(draft.audience)
    await message.answer(
        _menu_text(draft, i18n, names), reply_markup=kb.audience_menu(draft.w, i18n)
    )


async def on_menu(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _menu(message, draft, services, i18n)
    await callback.answer()


async def on_who(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _show(message, i18n("announce-who-title"), kb.who_menu(draft.w, draft.audience, i18n))
    await callback.answer()


async def on_who_set(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    if not 0 <= callback_data.v < len(kb.WHO_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    draft = replace(draft, audience=replace(draft.audience, who=kb.WHO_CHOICES[callback_data.v]))
    await _save(state, draft)
    await _menu(message, draft, services, i18n)
    await callback.answer()


async def on_roles(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _show(message, i18n("announce-pick-roles"), kb.roles_menu(draft.w, draft.audience, i18n))
    await callback.answer()


async def on_role(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    if not 0 <= callback_data.v < len(kb.ROLE_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    role = kb.ROLE_CHOICES[callback_data.v]
    current = draft.audience.roles if draft.audience.who is Who.ROLES else ()
    roles = tuple(r for r in kb.ROLE_CHOICES if (r in current) != (r is role))
    draft = replace(draft, audience=replace(draft.audience, who=Who.ROLES, roles=roles))
    await _save(state, draft)
    await _show(message, i18n("announce-pick-roles"), kb.roles_menu(draft.w, draft.audience, i18n))
    await callback.answer()


def _where_keyboard(draft: Draft, i18n: Gettext) -> InlineKeyboardMarkup:
    own = draft.audience.scope_organisation is not None
    return kb.where_menu(draft.w, draft.audience, i18n, own_organisation=own)


async def on_where(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _show(message, i18n("announce-where-title"), _where_keyboard(draft, i18n))
    await callback.answer()


async def on_where_all(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    draft = replace(draft, audience=replace(draft.audience, where=Where.ALL))
    await _save(state, draft)
    await _menu(message, draft, services, i18n)
    await callback.answer()


def _toggle(values: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


async def picker_items(
    kind: str, services: Services, member: MemberInfo | None
) -> list[tuple[int, str]]:
    """The organisations, associations or groups (``kind``) a picker offers, as (id, label):
    labels that tell the items apart (a school association starts with its school)."""
    return kb.labelled(await services.broadcasts.choices(member, kind))


# What each paged picker keeps in the audience: (where, the audience's field); None: groups.
PICKED: dict[str, tuple[Where | None, str]] = {
    "organisations": (Where.ORGANISATIONS, "organisations"),
    "associations": (Where.ASSOCIATIONS, "associations"),
    "chats": (None, "group_ids"),
}
LISTS = {kb.ORGS: "organisations", kb.ASSOCS: "associations", kb.CHATS: "chats"}
TICKS = {kb.ORG: "organisations", kb.ASSOC: "associations", kb.CHAT: "chats"}


def chosen_in(audience: Audience, kind: str) -> tuple[int, ...]:
    """The ids ticked in the picker of ``kind``."""
    where, name = PICKED[kind]
    if where is None:
        return audience.group_ids if audience.groups is Groups.CHOSEN else ()
    return getattr(audience, name) if audience.where is where else ()


def with_chosen(audience: Audience, kind: str, chosen: tuple[int, ...]) -> Audience:
    where, name = PICKED[kind]
    if where is None:
        return replace(audience, groups=Groups.CHOSEN, group_ids=chosen)
    return replace(audience, where=where, **{name: chosen})


async def on_list(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
) -> None:
    """A page of organisations, associations or groups to tick."""
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    kind = LISTS[callback_data.act]
    items = await picker_items(kind, services, member)
    chosen = chosen_in(draft.audience, kind)
    await _show(message, *kb.pick_screen(draft.w, kind, items, chosen, callback_data.p, i18n))
    await callback.answer()


async def on_tick(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
) -> None:
    """Tick or untick an item the picker offers this person (any other id is refused)."""
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    kind = TICKS[callback_data.act]
    items = await picker_items(kind, services, member)
    if callback_data.v not in {item_id for item_id, _ in items}:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    chosen = _toggle(chosen_in(draft.audience, kind), callback_data.v)
    draft = replace(draft, audience=with_chosen(draft.audience, kind, chosen))
    await _save(state, draft)
    await _show(message, *kb.pick_screen(draft.w, kind, items, chosen, callback_data.p, i18n))
    await callback.answer()


async def on_kinds(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _show(message, *kb.kinds_screen(draft.w, draft.audience, i18n))
    await callback.answer()


async def on_kind(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    if not 0 <= callback_data.v < len(kb.KIND_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    audience = draft.audience
    current = audience.org_kinds if audience.where is Where.ORG_KINDS else ()
    kinds = _toggle(current, kb.KIND_CHOICES[callback_data.v])
    draft = replace(draft, audience=replace(audience, where=Where.ORG_KINDS, org_kinds=kinds))
    await _save(state, draft)
    await _show(message, *kb.kinds_screen(draft.w, draft.audience, i18n))
    await callback.answer()


async def on_levels(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _show(message, *kb.levels_screen(draft.w, draft.audience, i18n))
    await callback.answer()


async def on_level(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    if not 0 <= callback_data.v < len(kb.LEVEL_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    audience = draft.audience
    current = audience.levels if audience.where is Where.LEVELS else ()
    levels = _toggle(current, kb.LEVEL_CHOICES[callback_data.v])
    draft = replace(draft, audience=replace(audience, where=Where.LEVELS, levels=levels))
    await _save(state, draft)
    await _show(message, *kb.levels_screen(draft.w, draft.audience, i18n))
    await callback.answer()


async def on_groups(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    await _show(
        message, i18n("announce-groups-title"), kb.groups_menu(draft.w, draft.audience, i18n)
    )
    await callback.answer()


async def on_groups_set(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    if not 0 <= callback_data.v < len(kb.GROUP_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    groups = kb.GROUP_CHOICES[callback_data.v]
    draft = replace(draft, audience=replace(draft.audience, groups=groups, group_ids=()))
    await _save(state, draft)
    await _menu(message, draft, services, i18n)
    await callback.answer()


async def on_show(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    """«Предпросмотр ›», or «Готово» in any picker: the audience is chosen, show the preview."""
    opened = await _open(callback, callback_data, state, i18n, Announcing.audience)
    if opened is None:
        return
    message, draft = opened
    today = _today(clock, settings)
    await _preview(
        message.chat.id,
        draft,
        services=services,
        member=member,
        today=today,
        bot=bot,
        state=state,
        i18n=i18n,
    )
    await callback.answer()
    names = await services.broadcasts.names(draft.audience)
    chosen = describe_audience(draft.audience, i18n, names)
    await _show(message, "\n\n".join((i18n("announce-audience-chosen"), chosen)))


async def on_send(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    translator: Translator,
    sender: Sender,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.preview)
    if opened is None:
        return
    message, draft = opened
    # The dialog ends before sending: a second press finds it over (and is told so). Should
    # sending fail, the update's transaction rolls the dialog back with it.
    await state.set_state(None)
    await state.set_data({SENT: draft.w})
    figures = await services.broadcasts.send(
        member,
        kind=draft.kind or "text",
        text=draft.text,
        file_ref=draft.file_ref,
        audience=draft.audience,
        today=_today(clock, settings),
        report_chat_id=message.chat.id,
        report_locale=i18n.locale,
    )
    await callback.answer()
    await _show(message, i18n("announce-sent"))
    text, buttons = render_report(figures, translator, i18n.locale)
    report = await bot.send_message(message.chat.id, text, reply_markup=markup(buttons))
    await services.broadcasts.set_report_message(figures.broadcast_id, report.message_id)


async def on_edit(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.preview)
    if opened is None:
        return
    message, draft = opened
    await _show(message, i18n("announce-edit-ask"), kb.edit_menu(draft.w, i18n))
    await callback.answer()


async def on_edit_content(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.preview)
    if opened is None:
        return
    message, draft = opened
    await _save(state, draft, Announcing.content)
    await _show(message, i18n("announce-ask-content-again"))
    await callback.answer()


async def on_edit_audience(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.preview)
    if opened is None:
        return
    message, draft = opened
    await _save(state, draft, Announcing.audience)
    await _menu(message, draft, services, i18n)
    await callback.answer()


async def on_back(
    callback: CallbackQuery,
    callback_data: AnCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, Announcing.preview)
    if opened is None:
        return
    message, draft = opened
    reach = await services.broadcasts.reach(member, draft.audience, _today(clock, settings))
    names = await services.broadcasts.names(draft.audience)
    await _show(message, *_summary(draft, reach, names, i18n))
    await callback.answer()


async def on_cancel(
    callback: CallbackQuery, callback_data: AnCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(
        callback,
        callback_data,
        state,
        i18n,
        Announcing.content,
        Announcing.audience,
        Announcing.preview,
    )
    if opened is None:
        return
    message, _ = opened
    await state.clear()
    await _show(message, i18n("announce-cancelled"))
    await callback.answer()


async def on_unknown_button(callback: CallbackQuery, i18n: Gettext) -> None:
    await callback.answer(i18n("error-stale-button"), show_alert=True)


# ---------------------------------------------------------------------- reports


def _broadcast_id(data: str | None, prefix: str) -> int | None:
    raw = (data or "").removeprefix(f"{prefix}:")
    return int(raw) if raw.isdigit() else None


async def on_missed(
    callback: CallbackQuery,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    bot: Bot,
) -> None:
    broadcast_id = _broadcast_id(callback.data, MISSED_PREFIX)
    if broadcast_id is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    rows = await services.broadcasts.missed(member, broadcast_id)
    await callback.answer()
    if not rows:
        await bot.send_message(callback.from_user.id, i18n("broadcast-missed-none"))
        return
    lines = [i18n("broadcast-missed-title", count=len(rows))]
    lines += [_missed_line(row, i18n) for row in rows]
    for chunk in _chunks(lines):
        await bot.send_message(callback.from_user.id, chunk)


async def on_organisations_report(
    callback: CallbackQuery,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    bot: Bot,
) -> None:
    broadcast_id = _broadcast_id(callback.data, ORGS_PREFIX)
    if broadcast_id is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    rows = await services.broadcasts.organisations(member, broadcast_id)
    await callback.answer()
    for chunk in _chunks(_informed_lines(rows, i18n)):
        await bot.send_message(callback.from_user.id, chunk)


async def on_broadcasts(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    settings: Settings,
) -> None:
    recent = await services.broadcasts.recent(member)
    if not recent:
        await message.answer(i18n("broadcasts-empty"))
        return
    lines = [i18n("broadcasts-title")]
    buttons: list[tuple[int, str]] = []
    for figures in recent:
        when = _when(figures, settings)
        words = _first_words(figures.preview, i18n)
        lines.append(
            i18n(
                "broadcasts-item",
                date=when,
                preview=escape(words),
                delivered=figures.delivered,
                total=figures.total,
                missed=figures.failed + figures.unreachable,
                pending=figures.pending,
            )
        )
        buttons.append((figures.broadcast_id, i18n("broadcasts-button", date=when, preview=words)))
    await message.answer("\n\n".join(lines), reply_markup=kb.recent_keyboard(buttons))


async def on_report(
    callback: CallbackQuery,
    callback_data: AnCb,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    bot: Bot,
    translator: Translator,
) -> None:
    figures = await services.broadcasts.report(member, callback_data.v)
    await callback.answer()
    text, buttons = render_report(figures, translator, i18n.locale)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup(buttons))


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    router = Router(name="broadcasts")
    router.message.register(on_announce, Command("announce"))
    router.message.register(on_broadcasts, Command("broadcasts"))
    router.message.register(on_content, Announcing.content)
    router.callback_query.register(on_missed, F.data.startswith(f"{MISSED_PREFIX}:"))
    router.callback_query.register(on_organisations_report, F.data.startswith(f"{ORGS_PREFIX}:"))
    for act, handler in (
        (kb.MENU, on_menu),
        (kb.WHO, on_who),
        (kb.WHO_SET, on_who_set),
        (kb.ROLES, on_roles),
        (kb.ROLE, on_role),
        (kb.WHERE, on_where),
        (kb.WHERE_ALL, on_where_all),
        (kb.KINDS, on_kinds),
        (kb.KIND, on_kind),
        (kb.LEVELS, on_levels),
        (kb.LEVEL, on_level),
        (kb.GROUPS, on_groups),
        (kb.GROUPS_SET, on_groups_set),
        (kb.SHOW, on_show),
        (kb.DONE, on_show),
        (kb.SEND, on_send),
        (kb.EDIT, on_edit),
        (kb.EDIT_CONTENT, on_edit_content),
        (kb.EDIT_AUDIENCE, on_edit_audience),
        (kb.BACK, on_back),
        (kb.CANCEL, on_cancel),
        (kb.REPORT, on_report),
    ):
        router.callback_query.register(handler, AnCb.filter(F.act == act))
    router.callback_query.register(on_list, AnCb.filter(F.act.in_(LISTS)))
    router.callback_query.register(on_tick, AnCb.filter(F.act.in_(TICKS)))
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{AnCb.__prefix__}:"))
    return router
