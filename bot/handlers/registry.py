"""/registry: organisations and methodological associations of the municipality (importing
a table is in ``registry_import``).

Lists and cards are edited in place; dialogs (adding, renaming) keep their step in the dialog
state, so a restart in the middle loses nothing.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.handlers.registry_import import ImportTable
from bot.handlers.ui.screen import replace, say
from bot.i18n import Gettext
from bot.keyboards import registry as kb
from bot.services import Services
from bot.services.errors import DomainError
from bot.services.people import MemberInfo
from bot.services.registry import (
    AssociationCard,
    OrganisationCard,
    OrganisationInfo,
)
from bot.storage.models import AssociationLevel, OrganisationKind

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


async def on_registry(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    home = await services.registry.home(member)
    await state.clear()
    if home.card is None:
        await message.answer(i18n("registry-menu"), reply_markup=kb.menu(i18n))
    else:
        await message.answer(
            _organisation_card_text(home.card, i18n),
            reply_markup=kb.organisation_card(home.card, 0, i18n),
        )


# ---------------------------------------------------------------------- lists and cards


async def on_nav(
    callback: CallbackQuery,
    callback_data: kb.RegistryNav,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    registry = services.registry
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
        await state.clear()
        await state.set_state(ImportTable.file)
        await say(callback, i18n("registry-import-ask", limit=limit))
    else:
        home = await registry.home(member)
        if home.card is None:
            await replace(callback, i18n("registry-menu"), kb.menu(i18n))
        else:
            await replace(
                callback,
                _organisation_card_text(home.card, i18n),
                kb.organisation_card(home.card, 0, i18n),
            )


async def on_organisation_action(
    callback: CallbackQuery,
    callback_data: kb.OrganisationAction,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    registry = services.registry
    act, organisation_id = callback_data.act, callback_data.id
    if act == "add":
        await registry.check_can_edit(member)
        await state.clear()
        await state.set_state(AddOrganisation.name)
        await say(callback, i18n("registry-ask-organisation-name"))
    elif act == "addasc":
        organisation = await registry.organisation_for_edit(member, organisation_id)
        await state.set_state(AddAssociation.name)
        await state.set_data({"level": AssociationLevel.SCHOOL.value, "org": organisation.id})
        await say(
            callback,
            i18n("registry-ask-association-name-in", organisation=escape(organisation.name)),
        )
    elif act == "ren":
        organisation = await registry.organisation_for_edit(member, organisation_id)
        await state.set_state(Renaming.name)
        await state.set_data({"what": "org", "id": organisation.id})
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
    callback: CallbackQuery,
    callback_data: kb.AssociationAction,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    registry = services.registry
    act, association_id = callback_data.act, callback_data.id
    if act == "add":
        await registry.check_can_edit(member)
        await state.clear()
        await state.set_state(AddAssociation.level)
        await say(callback, i18n("registry-ask-level"), kb.levels(i18n))
    elif act == "ren":
        association = await registry.association_for_edit(member, association_id)
        await state.set_state(Renaming.name)
        await state.set_data({"what": "asc", "id": association.id})
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


async def on_organisation_name(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    name = await services.registry.check_organisation_name(member, message.text or "")
    await state.update_data(name=name)
    await state.set_state(AddOrganisation.kind)
    await message.answer(i18n("registry-ask-kind", name=escape(name)), reply_markup=kb.kinds(i18n))


async def on_organisation_kind(
    callback: CallbackQuery,
    callback_data: kb.DialogChoice,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if callback_data.value not in {k.value for k in OrganisationKind}:
        raise DomainError("error-stale-button")
    organisation = await services.registry.add_organisation(
        member, str(data.get("name", "")), OrganisationKind(callback_data.value)
    )
    await state.clear()
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


async def on_association_level(
    callback: CallbackQuery,
    callback_data: kb.DialogChoice,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    if callback_data.value not in {level.value for level in AssociationLevel}:
        raise DomainError("error-stale-button")
    level = AssociationLevel(callback_data.value)
    await state.update_data(level=level.value, org=None)
    if level is AssociationLevel.SCHOOL:
        organisations = await services.registry.organisations_for_school_association(member)
        await state.set_state(AddAssociation.organisation)
        await replace(
            callback,
            i18n("registry-ask-association-organisation"),
            kb.organisation_choice(organisations, 0, i18n),
        )
        return
    await services.registry.check_can_edit(member)
    await state.set_state(AddAssociation.name)
    await replace(
        callback,
        i18n("registry-ask-association-name", level=i18n(f"registry-level-{level.value}")),
    )


async def on_association_organisations_page(
    callback: CallbackQuery,
    callback_data: kb.DialogChoice,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    organisations = await services.registry.organisations_for_school_association(member)
    page = int(callback_data.value) if callback_data.value.isdigit() else 0
    await replace(
        callback,
        i18n("registry-ask-association-organisation"),
        kb.organisation_choice(organisations, page, i18n),
    )


async def on_association_organisation(
    callback: CallbackQuery,
    callback_data: kb.DialogChoice,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    if not callback_data.value.isdigit():
        raise DomainError("error-stale-button")
    organisation: OrganisationInfo = await services.registry.organisation_for_edit(
        member, int(callback_data.value)
    )
    await state.update_data(org=organisation.id)
    await state.set_state(AddAssociation.name)
    await replace(
        callback,
        i18n("registry-ask-association-name-in", organisation=escape(organisation.name)),
    )


async def on_association_name(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    data = await state.get_data()
    level = AssociationLevel(data.get("level", AssociationLevel.SCHOOL.value))
    organisation_id = data.get("org")
    name = await services.registry.check_association_name(
        member,
        message.text or "",
        level,
        organisation_id if isinstance(organisation_id, int) else None,
    )
    await state.update_data(name=name)
    await state.set_state(AddAssociation.subject)
    await message.answer(
        i18n("registry-ask-subject", name=escape(name)), reply_markup=kb.skip_subject(i18n)
    )


async def _add_association(
    member: MemberInfo, services: Services, state: FSMContext, subject: str | None
) -> tuple[int, str]:
    data = await state.get_data()
    organisation_id = data.get("org")
    association = await services.registry.add_association(
        member,
        name=str(data.get("name", "")),
        level=AssociationLevel(data.get("level", AssociationLevel.SCHOOL.value)),
        organisation_id=organisation_id if isinstance(organisation_id, int) else None,
        subject_area=subject,
    )
    await state.clear()
    return association.id, association.name


async def on_association_subject(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    association_id, name = await _add_association(member, services, state, message.text or "")
    await message.answer(
        i18n("registry-association-added", name=escape(name)),
        reply_markup=kb.after_change_association(association_id, i18n),
    )


async def on_association_no_subject(
    callback: CallbackQuery,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    association_id, name = await _add_association(member, services, state, None)
    await replace(
        callback,
        i18n("registry-association-added", name=escape(name)),
        kb.after_change_association(association_id, i18n),
    )


# ---------------------------------------------------------------------- renaming


async def on_new_name(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext, state: FSMContext
) -> None:
    data = await state.get_data()
    object_id = data.get("id")
    if not isinstance(object_id, int):
        raise DomainError("error-stale-button")
    if data.get("what") == "asc":
        association = await services.registry.rename_association(
            member, object_id, message.text or ""
        )
        await state.clear()
        await message.answer(
            i18n("registry-renamed", name=escape(association.name)),
            reply_markup=kb.after_change_association(association.id, i18n),
        )
        return
    organisation = await services.registry.rename_organisation(
        member, object_id, message.text or ""
    )
    await state.clear()
    await message.answer(
        i18n("registry-renamed", name=escape(organisation.name)),
        reply_markup=kb.after_change_organisation(organisation.id, i18n),
    )


async def on_not_text(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("registry-send-text"))


def create_router() -> Router:
    router = Router(name="registry")
    msg, cb = router.message, router.callback_query

    msg.register(on_registry, Command("registry"))

    cb.register(on_nav, kb.RegistryNav.filter())
    cb.register(on_organisation_action, kb.OrganisationAction.filter())
    cb.register(on_association_action, kb.AssociationAction.filter())

    msg.register(on_organisation_name, AddOrganisation.name, F.text, NOT_COMMAND)
    cb.register(
        on_organisation_kind, AddOrganisation.kind, kb.DialogChoice.filter(F.field == "kind")
    )

    cb.register(
        on_association_level, AddAssociation.level, kb.DialogChoice.filter(F.field == "level")
    )
    cb.register(
        on_association_organisations_page,
        AddAssociation.organisation,
        kb.DialogChoice.filter(F.field == "orgs"),
    )
    cb.register(
        on_association_organisation,
        AddAssociation.organisation,
        kb.DialogChoice.filter(F.field == "org"),
    )
    msg.register(on_association_name, AddAssociation.name, F.text, NOT_COMMAND)
    msg.register(on_association_subject, AddAssociation.subject, F.text, NOT_COMMAND)
    cb.register(
        on_association_no_subject, AddAssociation.subject, kb.DialogChoice.filter(F.field == "skip")
    )

    msg.register(on_new_name, Renaming.name, F.text, NOT_COMMAND)
    msg.register(
        on_not_text,
        StateFilter(
            AddOrganisation.name, AddAssociation.name, AddAssociation.subject, Renaming.name
        ),
        ~F.text,
    )

    return router
