"""The protocol document: a meeting's minutes rendered into DOCX through docxtpl from one
template file, the shipped default or the one a municipality uploaded.

The fields a template may use are :data:`FIELDS` (see ``README``): the words of the default
layout come as ``l`` (labels, in the bot's language), so a municipality's template may write
its own words or use these. An uploaded template is checked before it is kept: it must be a
``.docx`` file, its Jinja tags must parse, it may use only the known fields, and a sample
protocol must render from it and open again as a Word document. Every problem found is
listed; nothing is kept when there is one.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError

from bot.i18n import Gettext
from bot.services.errors import DomainError
from bot.services.exports.docx import PROTOCOL_TEMPLATE, render_docx
from bot.services.minutes.rules import year_label
from bot.storage.models import AssociationLevel

LABELS = (
    "protocol",
    "meeting",
    "topic",
    "absent",
    "agenda",
    "heard",
    "spoke",
    "decided",
    "decisions",
)
FIELDS = frozenset(
    {
        "l",
        "organisation",
        "association",
        "level",
        "number",
        "date",
        "date_words",
        "year",
        "topic",
        "methodical_topic",
        "present",
        "total",
        "absent",
        "attendance",
        "absent_names",
        "agenda",
        "items",
        "decisions",
        "head_title",
        "head_name",
    }
)


@dataclass(frozen=True, slots=True)
class ItemText:
    title: str
    heard: str | None
    spoke: str | None
    decided: str | None


@dataclass(frozen=True, slots=True)
class ProtocolData:
    """What a protocol says, whatever the template."""

    organisation: str
    association: str
    level: AssociationLevel
    number: int
    meeting_date: date
    year: int
    topic: str
    methodical_topic: str | None
    present: int
    total: int
    absent_names: str | None
    items: tuple[ItemText, ...]
    decisions: str | None
    head_name: str | None


class TemplateRejected(DomainError):
    """An uploaded template that cannot be used: every problem as (text key, params)."""

    key = "minutes-template-rejected"

    def __init__(self, problems: list[tuple[str, dict[str, Any]]]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems

    def render(self, i18n: Gettext) -> str:
        lines = [i18n(self.key, count=len(self.problems))]
        lines += ["• " + i18n(key, **params) for key, params in self.problems]
        lines.append(i18n("minutes-template-kept"))
        return "\n".join(lines)


def context(data: ProtocolData, i18n: Gettext) -> dict[str, Any]:
    """The fields of a protocol for a template, its words in ``i18n``'s language."""
    level = data.level.value
    absent = max(0, data.total - data.present)
    return {
        "l": {name: i18n(f"minutes-doc-{name}") for name in LABELS},
        "organisation": data.organisation,
        "association": data.association,
        "level": i18n(f"minutes-level-{level}"),
        "number": data.number,
        "date": data.meeting_date.strftime("%d.%m.%Y"),
        "date_words": i18n(
            "minutes-doc-date-words",
            day=str(data.meeting_date.day),
            month=i18n("dates-month-genitive", month=data.meeting_date.month),
            year=str(data.meeting_date.year),
        ),
        "year": year_label(data.year),
        "topic": data.topic,
        "methodical_topic": data.methodical_topic or "",
        "present": data.present,
        "total": data.total,
        "absent": absent,
        "attendance": i18n("minutes-doc-attendance", present=data.present, absent=absent),
        "absent_names": data.absent_names or "",
        "agenda": [item.title for item in data.items],
        "items": [
            {
                "number": n,
                "title": item.title,
                "heard": item.heard or "",
                "spoke": item.spoke or "",
                "decided": item.decided or "",
            }
            for n, item in enumerate(data.items, start=1)
        ],
        "decisions": data.decisions or "",
        "head_title": i18n(f"minutes-doc-head-{level}"),
        "head_name": data.head_name or "",
    }


def render(data: ProtocolData, i18n: Gettext, template: bytes | None = None) -> bytes:
    """The protocol as DOCX bytes, from ``template`` (None: the default)."""
    return render_docx(context(data, i18n), template if template is not None else PROTOCOL_TEMPLATE)


def default_template() -> bytes:
    return PROTOCOL_TEMPLATE.read_bytes()


def sample(i18n: Gettext) -> ProtocolData:
    """A protocol with every field filled, to try a template on."""
    return ProtocolData(
        organisation=i18n("minutes-sample-organisation"),
        association=i18n("minutes-sample-association"),
        level=AssociationLevel.SCHOOL,
        number=1,
        meeting_date=date(2026, 8, 28),
        year=2026,
        topic=i18n("minutes-sample-topic"),
        methodical_topic=i18n("minutes-sample-topic"),
        present=12,
        total=14,
        absent_names=i18n("minutes-sample-absent"),
        items=(
            ItemText(
                i18n("minutes-sample-item"),
                i18n("minutes-sample-heard"),
                i18n("minutes-sample-spoke"),
                i18n("minutes-sample-decided"),
            ),
            ItemText(i18n("minutes-sample-item"), None, None, i18n("minutes-sample-decided")),
        ),
        decisions=i18n("minutes-sample-decided"),
        head_name=i18n("minutes-sample-head"),
    )


def check_template(name: str, content: bytes, i18n: Gettext) -> None:
    """Refuse a template that cannot make a protocol, with every problem found
    (:class:`TemplateRejected`)."""
    problems: list[tuple[str, dict[str, Any]]] = []
    if not name.lower().endswith(".docx"):
        problems.append(("minutes-template-not-docx", {"name": name}))
        raise TemplateRejected(problems)
    if not zipfile.is_zipfile(io.BytesIO(content)):
        problems.append(("minutes-template-not-docx", {"name": name}))
        raise TemplateRejected(problems)
    try:
        template = DocxTemplate(io.BytesIO(content))
        used = template.get_undeclared_template_variables()
    except TemplateSyntaxError as error:
        problems.append(
            ("minutes-template-syntax", {"line": error.lineno or 0, "reason": error.message or ""})
        )
        raise TemplateRejected(problems) from None
    except (KeyError, ValueError, zipfile.BadZipFile, TemplateError):
        problems.append(("minutes-template-not-docx", {"name": name}))
        raise TemplateRejected(problems) from None
    unknown = sorted(used - FIELDS)
    for field in unknown:
        problems.append(("minutes-template-unknown-field", {"field": field}))
    if not used:
        problems.append(("minutes-template-no-fields", {}))
    if not unknown:
        try:
            rendered = render(sample(i18n), i18n, content)
            Document(io.BytesIO(rendered))
        except Exception as error:  # a template can fail in any way: listed, never raised
            problems.append(("minutes-template-render", {"reason": _reason(error)}))
    if problems:
        raise TemplateRejected(problems)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
