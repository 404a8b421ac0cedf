"""Buttons of the registry: menu, paginated lists, cards, dialog choices, import confirmation.

Callback data carries ids and short codes only (prefixes ``rg``, ``rgo``, ``rga``, ``rgc``,
``rgi``); what a button may do is checked again by the service when it is pressed.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.services.registry import (
    AssociationCard,
    AssociationInfo,
    OrganisationCard,
    OrganisationInfo,
)
from bot.storage.models import AssociationLevel, OrganisationKind

LABEL_LIMIT = 60


class RegistryNav(Callback, prefix="rg"):
    """Open a screen: ``menu``, ``orgs`` / ``ascs`` (a list page), ``org`` / ``asc`` (a card)."""

    to: str
    id: int = 0
    page: int = 0


class OrganisationAction(Callback, prefix="rgo"):
    """``add``, ``addasc`` (a school association in it), ``ren``, ``arc``, ``arcok``."""

    act: str
    id: int = 0


class AssociationAction(Callback, prefix="rga"):
    """``add``, ``ren``, ``arc``, ``arcok``."""

    act: str
    id: int = 0


class RegistryCb(Callback, prefix="rgc"):
    """A button of the adding wizard ``w``: ``kind`` and ``level`` (an index into
    ``KIND_CHOICES`` / ``LEVEL_CHOICES``), ``org`` (an id), ``orgs`` (a page), ``skip``."""

    act: str
    w: int
    v: int = 0


KIND_CHOICES = tuple(OrganisationKind)
LEVEL_CHOICES = (AssociationLevel.SCHOOL, AssociationLevel.MUNICIPAL, AssociationLevel.DISTRICT)


class ImportAction(Callback, prefix="rgi"):
    """``go`` imports the previewed file, ``no`` drops it."""

    act: str


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "\u2026"


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _markup(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def association_label(association: AssociationInfo) -> str:
    if association.organisation_name and association.level is AssociationLevel.SCHOOL:
        return _label(f"{association.name} \u00b7 {association.organisation_name}")
    return _label(association.name)


def menu(i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n("registry-button-organisations"), RegistryNav(to="orgs")),
                _button(i18n("registry-button-associations"), RegistryNav(to="ascs")),
            ],
            [_button(i18n("registry-button-import-file"), RegistryNav(to="import"))],
        ]
    )


def organisations(
    items: Sequence[OrganisationInfo], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[_button(_label(o.name), RegistryNav(to="org", id=o.id))] for o in shown]
    rows.append(nav_row(page, pages, lambda p: RegistryNav(to="orgs", page=p), i18n))
    rows.append([_button(i18n("registry-button-add-organisation"), OrganisationAction(act="add"))])
    rows.append([_button(i18n("registry-button-to-menu"), RegistryNav(to="menu"))])
    return _markup(rows)


def associations(
    items: Sequence[AssociationInfo], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[_button(association_label(a), RegistryNav(to="asc", id=a.id))] for a in shown]
    rows.append(nav_row(page, pages, lambda p: RegistryNav(to="ascs", page=p), i18n))
    rows.append([_button(i18n("registry-button-add-association"), AssociationAction(act="add"))])
    rows.append([_button(i18n("registry-button-to-menu"), RegistryNav(to="menu"))])
    return _markup(rows)


def organisation_card(card: OrganisationCard, page: int, i18n: Gettext) -> InlineKeyboardMarkup:
    organisation_id = card.organisation.id
    shown, page, pages = page_of(card.associations, page)
    rows = [
        [_button(_label(line.association.name), RegistryNav(to="asc", id=line.association.id))]
        for line in shown
    ]
    rows.append(
        nav_row(page, pages, lambda p: RegistryNav(to="org", id=organisation_id, page=p), i18n)
    )
    if card.editable:
        rows.append(
            [
                _button(
                    i18n("registry-button-add-school-association"),
                    OrganisationAction(act="addasc", id=organisation_id),
                )
            ]
        )
        rows.append(
            [
                _button(
                    i18n("registry-button-rename"),
                    OrganisationAction(act="ren", id=organisation_id),
                ),
                _button(
                    i18n("registry-button-archive"),
                    OrganisationAction(act="arc", id=organisation_id),
                ),
            ]
        )
        rows.append([_button(i18n("registry-button-to-organisations"), RegistryNav(to="orgs"))])
    return _markup(rows)


def association_card(card: AssociationCard, i18n: Gettext) -> InlineKeyboardMarkup:
    association = card.association
    rows: list[list[InlineKeyboardButton]] = []
    if card.editable:
        rows.append(
            [
                _button(
                    i18n("registry-button-rename"), AssociationAction(act="ren", id=association.id)
                ),
                _button(
                    i18n("registry-button-archive"),
                    AssociationAction(act="arc", id=association.id),
                ),
            ]
        )
    if association.organisation_id is not None:
        rows.append(
            [
                _button(
                    i18n("registry-button-to-organisation"),
                    RegistryNav(to="org", id=association.organisation_id),
                )
            ]
        )
    if card.editable:
        rows.append([_button(i18n("registry-button-to-associations"), RegistryNav(to="ascs"))])
    return _markup(rows)


def confirm_archive_organisation(organisation_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(
                    i18n("registry-button-archive-confirm"),
                    OrganisationAction(act="arcok", id=organisation_id),
                ),
                _button(i18n("button-cancel"), RegistryNav(to="org", id=organisation_id)),
            ]
        ]
    )


def confirm_archive_association(association_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(
                    i18n("registry-button-archive-confirm"),
                    AssociationAction(act="arcok", id=association_id),
                ),
                _button(i18n("button-cancel"), RegistryNav(to="asc", id=association_id)),
            ]
        ]
    )


def after_archive(to: str, i18n: Gettext) -> InlineKeyboardMarkup:
    key = "registry-button-to-organisations" if to == "orgs" else "registry-button-to-associations"
    return _markup([[_button(i18n(key), RegistryNav(to=to))]])


def after_change_organisation(organisation_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(
                    i18n("registry-button-open-card"), RegistryNav(to="org", id=organisation_id)
                ),
                _button(i18n("registry-button-to-organisations"), RegistryNav(to="orgs")),
            ]
        ]
    )


def after_change_association(association_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(
                    i18n("registry-button-open-card"), RegistryNav(to="asc", id=association_id)
                ),
                _button(i18n("registry-button-to-associations"), RegistryNav(to="ascs")),
            ]
        ]
    )


def kinds(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_button(i18n(f"registry-kind-{kind.value}"), RegistryCb(act="kind", w=w, v=index))]
            for index, kind in enumerate(KIND_CHOICES)
        ]
    )


def levels(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_button(i18n(f"registry-level-{level.value}"), RegistryCb(act="level", w=w, v=index))]
            for index, level in enumerate(LEVEL_CHOICES)
        ]
    )


def organisation_choice(
    w: int, items: Sequence[OrganisationInfo], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[_button(_label(o.name), RegistryCb(act="org", w=w, v=o.id))] for o in shown]
    rows.append(nav_row(page, pages, lambda p: RegistryCb(act="orgs", w=w, v=p), i18n))
    return _markup(rows)


def skip_subject(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup([[_button(i18n("registry-button-no-subject"), RegistryCb(act="skip", w=w))]])


def import_confirmation(i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n("registry-button-import-confirm"), ImportAction(act="go")),
                _button(i18n("button-cancel"), ImportAction(act="no")),
            ]
        ]
    )
