"""/registry: organisations and methodological associations of the municipality (importing
a table is in ``registry_import``).

Lists and cards are edited in place. Adding and renaming are one wizard: a typed draft in the
dialog state (so a restart in the middle loses nothing), buttons that carry the wizard they
belong to, and an end after which a second press of the last button does nothing twice.
What may be added or renamed, where, is the registry service's, asked again at every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as changed
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.handlers.registry_import import ImportTable
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import accessible, replace, say, stale
from bot.handlers.ui.wizard import Wizard
from bot.i18n import Gettext
from bot.keyboards import registry as kb
from bot.keyboards.registry import RegistryCb
from bot.services.registry import AssociationCard, OrganisationCard
from bot.storage.models import AssociationLevel

CARD_LINES = 30
NOT_COMMAND = ~F.text.startswith("/")  # a command goes to its own handler, not into a field


class AddOrganisation(StatesGroup):
    name = State()
    kind = State()


class AddAssociation(StatesGroup):
    level = State()
    organisation = State()
    name = State()
    subject = State()


class Renaming(StatesGroup):
    name = State()


@dataclass(frozen=True)
class RegistryDraft:
    """An organisation or association being added, or (``what`` and ``id``) renamed."""

    w: int
    name: str = ""
    level: AssociationLevel = AssociationLevel.SCHOOL
    org: int | None = None
    what: str = ""  # renaming: "org" or "asc"
    id: int = 0  # renaming: the organisation's or association's id

    @classmethod
    def load(cls, data: dict[str, Any]) -> RegistryDraft:
        org = data.get("org")
        return cls(
            w=int(data.get("w", 0)),
            name=str(data.get("name", "")),
            level=AssociationLevel(data.get("level", AssociationLevel.SCHOOL.value)),
            org=org if isinstance(org, int) else None,
            what=str(data.get("what", "")),
            id=int(data.get("id", 0)),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "name": self.name,
            "level": self.level.value,
            "org": self.org,
            "what": self.what,
            "id": self.id,
        }


WIZARD: Wizard[RegistryDraft] = Wizard(
    RegistryDraft.load, "registry_done", "error-stale-button", RegistryCb
)


# ---------------------------------------------------------------------- rendering


def _organisation_card_text(card: OrganisationCard, i18n: Gettext) -> str:
    organisation = card.organisation
    lines = [
        f"<b>{escape(organisation.name)}</b>",
        i18n(f"registry-kind-{organisation.kind.value}"),
        "",
    ]
    if not card.editable:
        lines.insert(0, i18n("registry-read-only"))
    if not card.associations:
        lines.append(i18n("registry-card-no-associations"))
    else:
        lines.append(i18n("registry-card-associations", count=len(card.associations)))
        for line in card.associations[:CARD_LINES]:
            lines.append(
                i18n(
                    "registry-card-line",
                    name=escape(line.association.name),
                    members=i18n("registry-members", count=line.members),
                    heads=i18n("registry-heads", count=line.heads),
                )
            )
        if len(card.associations) > CARD_LINES:
            lines.append(i18n("registry-more", count=len(card.associations) - CARD_LINES))
    return "\n".join(lines)


def _association_card_text(card: AssociationCard, i18n: Gettext) -> str:
    association = card.association
    lines = [
        f"<b>{escape(association.name)}</b>",
        i18n("registry-card-level", level=i18n(f"registry-level-{association.level.value}")),
        i18n("registry-card-subject", subject=escape(association.subject_area))
        if association.subject_area
        else i18n("registry-card-no-subject"),
    ]
    if association.organisation_name:
        lines.append(i18n("registry-card-organisation", name=escape(association.organisation_name)))
    lines.append(
        i18n("registry-card-heads", names=", ".join(escape(name) for name in card.heads))
        if card.heads
        else i18n("registry-card-no-heads")
    )
    lines.append(i18n("registry-card-members", count=card.members))
    if not card.editable:
        lines.insert(0, i18n("registry-read-only"))
    return "\n".join(lines)


# ---------------------------------------------------------------------- commands


async def _home(ctx: Ctx) -> tuple[str, Any]:
    home = await ctx.services.registry.home(ctx.member)
    if home.card is None:
        return ctx.i18n("registry-menu"), kb.menu(ctx.i18n)
    return (
        _organisation_card_text(home.card, ctx.i18n),
        kb.organisation_card(home.card, 0, ctx.i18n),
    )


async def on_registry(message: Message, ctx: Ctx) -> None:
    text, keyboard = await _home(ctx)
    await ctx.state.clear()
    await message.answer(text, reply_markup=keyboard)


# ---------------------------------------------------------------------- lists and cards


async def on_nav(callback: CallbackQuery, callback_data: kb.RegistryNav, ctx: Ctx) -> None:
    registry, member, i18n = ctx.services.registry, ctx.member, ctx.i18n
    where, page = callback_data.to, callback_data.page
    if where == "orgs":
        organisations = await registry.browse_organisations(member)
        key = "registry-organisations-title" if organisations else "registry-organisations-empty"
        await replace(
            callback,
            i18n(key, count=len(organisations)),
            kb.organisations(organisations, page, i18n),
        )
    elif where == "ascs":
        associations = await registry.browse_associations(member)
        key = "registry-associations-title" if associations else "registry-associations-empty"
        await replace(
            callback,
            i18n(key, count=len(associations)),
            kb.associations(associations, page, i18n),
        )
    elif where == "org":
        card = await registry.organisation_card(member, callback_data.id)
        await replace(
            callback, _organisation_card_text(card, i18n), kb.organisation_card(card, page, i18n)
        )
    elif where == "asc":
        association = await registry.association_card(member, callback_data.id)
        await replace(
            callback,
            _association_card_text(association, i18n),
            kb.association_card(association, i18n),
        )
    elif where == "import":
        limit = await registry.start_import(member)
        await ctx.state.clear()
        await ctx.state.set_state(ImportTable.file)
        await say(callback, i18n("registry-import-ask", limit=limit))
    else:
        await replace(callback, *await _home(ctx))


async def _start(callback: CallbackQuery, ctx: Ctx, draft: RegistryDraft, step: State) -> bool:
    """Open the wizard on ``draft`` at ``step``; False when the pressed message is gone."""
    if await accessible(callback, ctx.i18n) is None:
        return False
    await ctx.state.clear()
    await WIZARD.save(ctx.state, draft, step)
    return True


def _w(callback: CallbackQuery) -> int:
    """The wizard's id: the message whose button started it."""
    return callback.message.message_id if callback.message is not None else 0


async def on_organisation_action(
    callback: CallbackQuery, callback_data: kb.OrganisationAction, ctx: Ctx
) -> None:
    registry, member, i18n = ctx.services.registry, ctx.member, ctx.i18n
    act, organisation_id = callback_data.act, callback_data.id
    if act == "add":
        await registry.check_can_edit(member)
        if await _start(callback, ctx, RegistryDraft(w=_w(callback)), AddOrganisation.name):
            await say(callback, i18n("registry-ask-organisation-name"))
    elif act == "addasc":
        organisation = await registry.organisation_for_edit(member, organisation_id)
        draft = RegistryDraft(w=_w(callback), org=organisation.id)
        if await _start(callback, ctx, draft, AddAssociation.name):
            await say(
                callback,
                i18n("registry-ask-association-name-in", organisation=escape(organisation.name)),
            )
    elif act == "ren":
        organisation = await registry.organisation_for_edit(member, organisation_id)
        draft = RegistryDraft(w=_w(callback), what="org", id=organisation.id)
        if await _start(callback, ctx, draft, Renaming.name):
            await say(callback, i18n("registry-ask-new-name", name=escape(organisation.name)))
    elif act == "arc":
        organisation = await registry.organisation_for_edit(member, organisation_id)
        await replace(
            callback,
            i18n("registry-archive-organisation-confirm", name=escape(organisation.name)),
            kb.confirm_archive_organisation(organisation.id, i18n),
        )
    elif act == "arcok":
        archived = await registry.archive_organisation(member, organisation_id)
        await replace(
            callback,
            i18n(
                "registry-organisation-archived",
                name=escape(archived.name),
                count=archived.associations,
            ),
            kb.after_archive("orgs", i18n),
        )
    else:
        await callback.answer(i18n("fallback-button-outdated"))


async def on_association_action(
    callback: CallbackQuery, callback_data: kb.AssociationAction, ctx: Ctx
) -> None:
    registry, member, i18n = ctx.services.registry, ctx.member, ctx.i18n
    act, association_id = callback_data.act, callback_data.id
    if act == "add":
        await registry.check_can_edit(member)
        draft = RegistryDraft(w=_w(callback))
        if await _start(callback, ctx, draft, AddAssociation.level):
            await say(callback, i18n("registry-ask-level"), kb.levels(draft.w, i18n))
    elif act == "ren":
        association = await registry.association_for_edit(member, association_id)
        draft = RegistryDraft(w=_w(callback), what="asc", id=association.id)
        if await _start(callback, ctx, draft, Renaming.name):
            await say(callback, i18n("registry-ask-new-name", name=escape(association.name)))
    elif act == "arc":
        association = await registry.association_for_edit(member, association_id)
        await replace(
            callback,
            i18n("registry-archive-association-confirm", name=escape(association.name)),
            kb.confirm_archive_association(association.id, i18n),
        )
    elif act == "arcok":
        archived = await registry.archive_association(member, association_id)
        await replace(
            callback,
            i18n("registry-association-archived", name=escape(archived.name)),
            kb.after_archive("ascs", i18n),
        )
    else:
        await callback.answer(i18n("fallback-button-outdated"))


# ---------------------------------------------------------------------- adding an organisation


async def on_organisation_name(message: Message, ctx: Ctx) -> None:
    draft = await WIZARD.draft(ctx.state)
    name = await ctx.services.registry.check_organisation_name(ctx.member, message.text or "")
    await WIZARD.save(ctx.state, changed(draft, name=name), AddOrganisation.kind)
    await message.answer(
        ctx.i18n("registry-ask-kind", name=escape(name)), reply_markup=kb.kinds(draft.w, ctx.i18n)
    )


@WIZARD.button("kind", AddOrganisation.kind)
async def on_organisation_kind(
    callback: CallbackQuery, data: RegistryCb, message: Message, draft: RegistryDraft, ctx: Ctx
) -> None:
    i18n = ctx.i18n
    if not 0 <= data.v < len(kb.KIND_CHOICES):
        await stale(callback, i18n)
        return
    await WIZARD.end(ctx.state, draft)
    organisation = await ctx.services.registry.add_organisation(
        ctx.member, draft.name, kb.KIND_CHOICES[data.v]
    )
    await replace(
        callback,
        i18n(
            "registry-organisation-added",
            name=escape(organisation.name),
            kind=i18n(f"registry-kind-{organisation.kind.value}"),
        ),
        kb.after_change_organisation(organisation.id, i18n),
    )


# ---------------------------------------------------------------------- adding an association


@WIZARD.button("level", AddAssociation.level)
async def on_association_level(
    callback: CallbackQuery, data: RegistryCb, message: Message, draft: RegistryDraft, ctx: Ctx
) -> None:
    registry, i18n = ctx.services.registry, ctx.i18n
    if not 0 <= data.v < len(kb.LEVEL_CHOICES):
        await stale(callback, i18n)
        return
    draft = changed(draft, level=kb.LEVEL_CHOICES[data.v], org=None)
    if draft.level is AssociationLevel.SCHOOL:
        organisations = await registry.organisations_for_school_association(ctx.member)
        await WIZARD.save(ctx.state, draft, AddAssociation.organisation)
        await replace(
            callback,
            i18n("registry-ask-association-organisation"),
            kb.organisation_choice(draft.w, organisations, 0, i18n),
        )
        return
    await registry.check_can_edit(ctx.member)
    await WIZARD.save(ctx.state, draft, AddAssociation.name)
    await replace(
        callback,
        i18n("registry-ask-association-name", level=i18n(f"registry-level-{draft.level.value}")),
    )


@WIZARD.button("orgs", AddAssociation.organisation)
async def on_association_organisations_page(
    callback: CallbackQuery, data: RegistryCb, message: Message, draft: RegistryDraft, ctx: Ctx
) -> None:
    organisations = await ctx.services.registry.organisations_for_school_association(ctx.member)
    await replace(
        callback,
        ctx.i18n("registry-ask-association-organisation"),
        kb.organisation_choice(draft.w, organisations, data.v, ctx.i18n),
    )


@WIZARD.button("org", AddAssociation.organisation)
async def on_association_organisation(
    callback: CallbackQuery, data: RegistryCb, message: Message, draft: RegistryDraft, ctx: Ctx
) -> None:
    organisation = await ctx.services.registry.organisation_for_edit(ctx.member, data.v)
    await WIZARD.save(ctx.state, changed(draft, org=organisation.id), AddAssociation.name)
    await replace(
        callback,
        ctx.i18n("registry-ask-association-name-in", organisation=escape(organisation.name)),
    )


async def on_association_name(message: Message, ctx: Ctx) -> None:
    draft = await WIZARD.draft(ctx.state)
    name = await ctx.services.registry.check_association_name(
        ctx.member, message.text or "", draft.level, draft.org
    )
    await WIZARD.save(ctx.state, changed(draft, name=name), AddAssociation.subject)
    await message.answer(
        ctx.i18n("registry-ask-subject", name=escape(name)),
        reply_markup=kb.skip_subject(draft.w, ctx.i18n),
    )


async def _add_association(draft: RegistryDraft, ctx: Ctx, subject: str | None) -> tuple[str, Any]:
    """The association added (the wizard over first); the answer and its buttons."""
    await WIZARD.end(ctx.state, draft)
    association = await ctx.services.registry.add_association(
        ctx.member,
        name=draft.name,
        level=draft.level,
        organisation_id=draft.org,
        subject_area=subject,
    )
    return (
        ctx.i18n("registry-association-added", name=escape(association.name)),
        kb.after_change_association(association.id, ctx.i18n),
    )


async def on_association_subject(message: Message, ctx: Ctx) -> None:
    draft = await WIZARD.draft(ctx.state)
    text, keyboard = await _add_association(draft, ctx, message.text or "")
    await message.answer(text, reply_markup=keyboard)


@WIZARD.button("skip", AddAssociation.subject)
async def on_association_no_subject(
    callback: CallbackQuery, data: RegistryCb, message: Message, draft: RegistryDraft, ctx: Ctx
) -> None:
    await replace(callback, *await _add_association(draft, ctx, None))


# ---------------------------------------------------------------------- renaming


async def on_new_name(message: Message, ctx: Ctx) -> None:
    registry, i18n = ctx.services.registry, ctx.i18n
    draft = await WIZARD.draft(ctx.state)
    await WIZARD.end(ctx.state, draft)
    if draft.what == "asc":
        association = await registry.rename_association(ctx.member, draft.id, message.text or "")
        name, keyboard = association.name, kb.after_change_association(association.id, i18n)
    else:
        organisation = await registry.rename_organisation(ctx.member, draft.id, message.text or "")
        name, keyboard = organisation.name, kb.after_change_organisation(organisation.id, i18n)
    await message.answer(i18n("registry-renamed", name=escape(name)), reply_markup=keyboard)


async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("registry-send-text"))


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


def create_router() -> Router:
    router = install(Router(name="registry"))
    msg, cb = router.message, router.callback_query

    msg.register(on_registry, Command("registry"))

    cb.register(on_nav, kb.RegistryNav.filter())
    cb.register(on_organisation_action, kb.OrganisationAction.filter())
    cb.register(on_association_action, kb.AssociationAction.filter())

    msg.register(on_organisation_name, AddOrganisation.name, F.text, NOT_COMMAND)
    msg.register(on_association_name, AddAssociation.name, F.text, NOT_COMMAND)
    msg.register(on_association_subject, AddAssociation.subject, F.text, NOT_COMMAND)
    msg.register(on_new_name, Renaming.name, F.text, NOT_COMMAND)
    msg.register(
        on_not_text,
        StateFilter(
            AddOrganisation.name, AddAssociation.name, AddAssociation.subject, Renaming.name
        ),
        ~F.text,
    )
    WIZARD.register(router)
    cb.register(on_unknown_button, F.data.startswith(f"{RegistryCb.__prefix__}:"))
    return router
