"""Who a roadmap row is due from, proposed from its «Ответственные» cell.

The proposal is a :class:`Unit` — the deadline is then due once from each organisation, once
from each association, once from each person, or kept by the methodologists themselves. The
methodologist confirms or changes it; this is only the first guess.

Words are compared in Latin transliteration (see :func:`bot.services.tables.words`):

* ORGANISATION — «ОО», «ОУ», «ДОУ», «образовательные организации», «руководители ОО»,
  «администрация», «директор», «заместитель директора», «школы».
* ASSOCIATION — «ШМО», «РМО», «ГМО», «МО», «методические объединения» (and their heads:
  «руководители ШМО» means each association, not each head).
* PERSON — «учителя», «педагоги», «наставники», «молодые специалисты», «воспитатели».
* METHODOLOGISTS — the methodological centre («МКУ ОМЦ», «ОмЦ», «ИМЦ», «методист(ы)»,
  «управление образования»), a named person («Иванова И.И.»), and anything not recognised:
  keeping an unclear row with the methodologists reminds nobody by mistake.

When several are named («МКУ ОмЦ, руководители ШМО», «ОО, методисты ИМЦ») the widest acting
unit wins: ORGANISATION > ASSOCIATION > PERSON > METHODOLOGISTS. The centre is named in most
rows as the organiser, so its presence says least about who must deliver; a school named
next to its associations is asked once as a whole, its coordinator gathering the rest.
"""

from __future__ import annotations

from enum import StrEnum

from bot.services.tables import words

__all__ = ["Unit", "propose_unit"]


class Unit(StrEnum):
    PERSON = "person"
    ASSOCIATION = "association"
    ORGANISATION = "organisation"
    METHODOLOGISTS = "methodologists"


# Per unit: whole words, and word beginnings, that name it.
_WORDS: dict[Unit, frozenset[str]] = {
    Unit.ORGANISATION: frozenset({"oo", "ou", "dou", "oou", "sosh", "mbou", "maou", "direktora"}),
    Unit.ASSOCIATION: frozenset({"shmo", "rmo", "gmo", "mo", "mmo"}),
    Unit.PERSON: frozenset(),
    Unit.METHODOLOGISTS: frozenset({"omc", "imc", "mku", "mmc", "rmc", "uo", "mmk"}),
}
_PREFIXES: dict[Unit, tuple[str, ...]] = {
    Unit.ORGANISATION: (
        "obrazovatelnye organizac",
        "obrazovatelnyh organizac",
        "obrazovatelnaya organizac",
        "obrazovatelnoj organizac",
        "obrazovatelnye uchrezhd",
        "administraci",
        "direktor",
        "zamestitel",
        "shkol",
    ),
    Unit.ASSOCIATION: ("metodicheskie obedinen", "metodicheskih obedinen", "obedinen"),
    Unit.PERSON: (
        "uchitel",
        "pedagog",
        "nastavnik",
        "molodye specialist",
        "molodyh specialist",
        "vospitatel",
        "klassnye rukovoditel",
    ),
    Unit.METHODOLOGISTS: ("metodist", "metodicheskij centr", "upravlenie obrazovaniya"),
}
_ORDER = (Unit.ORGANISATION, Unit.ASSOCIATION, Unit.PERSON, Unit.METHODOLOGISTS)


def _names(text: str, unit: Unit) -> bool:
    """Whether ``text`` (as :func:`words`) names ``unit``."""
    tokens = text.split()
    if any(token in _WORDS[unit] for token in tokens):
        return True
    return any(" ".join(tokens[start:]).startswith(_PREFIXES[unit]) for start in range(len(tokens)))


def propose_unit(responsible: str) -> Unit:
    """The widest unit the cell names; METHODOLOGISTS when it names none."""
    text = words(responsible)
    for unit in _ORDER:
        if _names(text, unit):
            return unit
    return Unit.METHODOLOGISTS
