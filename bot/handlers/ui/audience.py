"""The audience sub-dialog: who, where and which groups, in any wizard that addresses people.

A wizard registers itself as an ``AudienceHost`` (its state while the sub-dialog is open, its
texts, where its draft keeps the audience, its way on and its cancel), opens the sub-dialog
with ``open_menu`` and reads the chosen Audience back with ``host.audience_of``. Every press
re-checks that it belongs to the open wizard; what a picker offers, and so what may be ticked,
is the broadcast service's (a coordinator stays in its organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from typing import Any, Protocol

from aiogram import F, Router
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup

from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show, stale, toggle
from bot.handlers.ui.wizard import Draft, Wizard
from bot.i18n import Gettext, enum_key
from bot.keyboards import audience as kb
from bot.keyboards.audience import AuCb
from bot.services.audience import Audience, Groups, Where, Who
from bot.services.broadcasts import AudienceNames

NAMES_SHOWN = 5  # the chosen organisations, associations or groups named; the rest counted

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


async def described(audience: Audience, ctx: Ctx) -> str:
    """The audience in words, with the names of what was chosen."""
    names = await ctx.services.broadcasts.names(audience)
    return describe_audience(audience, ctx.i18n, names)


# ---------------------------------------------------------------------- hosts


class AudienceDraft(Draft, Protocol):
    """A draft with an audience in it."""

    @property
    def audience(self) -> Audience: ...

    def with_audience(self, audience: Audience) -> Any: ...


@dataclass(frozen=True)
class AudienceHost:
    """A wizard that opens the sub-dialog: ``state`` is its step while the sub-dialog is open;
    the menu says ``<texts>-audience-title``, the audience (chosen things named if ``named``)
    and ``<texts>-audience-hint``; ``exits`` (of the wizard ``w``) are its buttons that lead
    out: the way on, which the chosen audience is handed back to («Готово» in a picker does
    the same), and the cancel."""

    wizard: Wizard[Any]
    state: State
    texts: str
    exits: Callable[[int, Gettext], kb.Exits]
    named: bool = False


_HOSTS: dict[str, AudienceHost] = {}


def register(host: AudienceHost) -> AudienceHost:
    _HOSTS[host.state.state or ""] = host
    return host


async def menu_screen(
    host: AudienceHost, audience: Audience, w: int, ctx: Ctx
) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    names = await ctx.services.broadcasts.names(audience) if host.named else None
    title, hint = i18n(f"{host.texts}-audience-title"), i18n(f"{host.texts}-audience-hint")
    text = "\n\n".join((title, describe_audience(audience, i18n, names), hint))
    return text, kb.menu(w, host.exits(w, i18n), i18n)


async def open_menu(
    host: AudienceHost, draft: AudienceDraft, ctx: Ctx
) -> tuple[str, InlineKeyboardMarkup]:
    """Open the sub-dialog on ``draft``: its step is set and saved; the menu to show. The
    wizard's way on reads the chosen audience back from its draft (``draft.audience``)."""
    await host.wizard.save(ctx.state, draft, host.state)
    return await menu_screen(host, draft.audience, draft.w, ctx)


# ---------------------------------------------------------------------- presses


def _chosen_in(audience: Audience, kind: str) -> tuple[int, ...]:
    """The ids ticked in the picker of ``kind``."""
    match kind:
        case "organisations" if audience.where is Where.ORGANISATIONS:
            return audience.organisations
        case "associations" if audience.where is Where.ASSOCIATIONS:
            return audience.associations
        case "chats" if audience.groups is Groups.CHOSEN:
            return audience.group_ids
    return ()


def _with_chosen(audience: Audience, kind: str, chosen: tuple[int, ...]) -> Audience:
    if kind == "organisations":
        return replace(audience, where=Where.ORGANISATIONS, organisations=chosen)
    if kind == "associations":
        return replace(audience, where=Where.ASSOCIATIONS, associations=chosen)
    return replace(audience, groups=Groups.CHOSEN, group_ids=chosen)


async def _items(kind: str, ctx: Ctx) -> list[tuple[int, str]]:
    """What the picker of ``kind`` offers this person, as (id, label)."""
    return kb.labelled(await ctx.services.broadcasts.choices(ctx.member, kind))


Result = tuple[Audience, str, InlineKeyboardMarkup]


async def _press(data: AuCb, audience: Audience, host: AudienceHost, ctx: Ctx) -> Result | None:
    """The audience after a press and the screen to show; None for a button that does not fit
    (forged or stale)."""
    act, v, w, i18n = data.act, data.v, data.w, ctx.i18n
    done = host.exits(w, i18n)[0].callback_data or ""

    async def menu(new: Audience) -> Result:
        return new, *await menu_screen(host, new, w, ctx)

    def fits(choices: tuple[Any, ...]) -> bool:
        return 0 <= v < len(choices)

    match act:
        case kb.MENU:
            return await menu(audience)
        case kb.WHO:
            return audience, i18n("announce-who-title"), kb.who_menu(w, audience, i18n)
        case kb.WHO_SET if fits(kb.WHO_CHOICES):
            return await menu(replace(audience, who=kb.WHO_CHOICES[v]))
        case kb.ROLES:
            return audience, *kb.roles_screen(w, audience, done, i18n)
        case kb.ROLE if fits(kb.ROLE_CHOICES):
            role = kb.ROLE_CHOICES[v]
            current = audience.roles if audience.who is Who.ROLES else ()
            roles = tuple(r for r in kb.ROLE_CHOICES if (r in current) != (r is role))
            new = replace(audience, who=Who.ROLES, roles=roles)
            return new, *kb.roles_screen(w, new, done, i18n)
        case kb.WHERE:
            return audience, i18n("announce-where-title"), kb.where_menu(w, audience, i18n)
        case kb.WHERE_ALL:
            return await menu(replace(audience, where=Where.ALL))
        case kb.KINDS:
            return audience, *kb.kinds_screen(w, audience, done, i18n)
        case kb.KIND if fits(kb.KIND_CHOICES):
            current_kinds = audience.org_kinds if audience.where is Where.ORG_KINDS else ()
            kinds = toggle(current_kinds, kb.KIND_CHOICES[v])
            new = replace(audience, where=Where.ORG_KINDS, org_kinds=kinds)
            return new, *kb.kinds_screen(w, new, done, i18n)
        case kb.LEVELS:
            return audience, *kb.levels_screen(w, audience, done, i18n)
        case kb.LEVEL if fits(kb.LEVEL_CHOICES):
            current_levels = audience.levels if audience.where is Where.LEVELS else ()
            levels = toggle(current_levels, kb.LEVEL_CHOICES[v])
            new = replace(audience, where=Where.LEVELS, levels=levels)
            return new, *kb.levels_screen(w, new, done, i18n)
        case kb.GROUPS:
            return audience, i18n("announce-groups-title"), kb.groups_menu(w, audience, i18n)
        case kb.GROUPS_SET if fits(kb.GROUP_CHOICES):
            return await menu(replace(audience, groups=kb.GROUP_CHOICES[v], group_ids=()))
        case _ if act in kb.LISTS:
            kind = kb.LISTS[act]
            items = await _items(kind, ctx)
            chosen = _chosen_in(audience, kind)
            return audience, *kb.pick_screen(w, kind, items, chosen, data.p, done, i18n)
        case _ if act in kb.TICKS:
            kind = kb.TICKS[act]
            items = await _items(kind, ctx)
            if v not in {item_id for item_id, _ in items}:
                return None
            chosen = toggle(_chosen_in(audience, kind), v)
            new = _with_chosen(audience, kind, chosen)
            return new, *kb.pick_screen(w, kind, items, chosen, data.p, done, i18n)
    return None


async def on_press(callback: CallbackQuery, callback_data: AuCb, ctx: Ctx) -> None:
    host = _HOSTS.get(await ctx.state.get_state() or "")
    if host is None:
        data = await ctx.state.get_data()
        ended = [h for h in _HOSTS.values() if data.get(h.wizard.done_key) == callback_data.w]
        key = ended[0].wizard.done_text if callback_data.w and ended else "error-stale-button"
        await stale(callback, ctx.i18n, key)
        return
    opened = await host.wizard.open(callback, callback_data.w, ctx, host.state)
    if opened is None:
        return
    message, draft = opened
    audience = draft.audience
    result = await _press(callback_data, audience, host, ctx)
    if result is None:
        await stale(callback, ctx.i18n)
        return
    new, text, keyboard = result
    if new != audience:
        await host.wizard.save(ctx.state, draft.with_audience(new))
    await show(message, text, keyboard)
    await callback.answer()


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


def create_router() -> Router:
    router = install(Router(name="audience"))
    router.callback_query.register(on_press, AuCb.filter())
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{AuCb.__prefix__}:"))
    return router
