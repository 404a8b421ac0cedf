"""DOCX documents rendered from a replaceable Word template (docxtpl: Jinja tags inside Word).

A template is an ordinary ``.docx`` file whose text carries ``{{ name }}`` fields and
``{%p for … %}`` loops; anyone can restyle it in Word without touching code. The bot ships
:data:`DEFAULT_TEMPLATE` (a title and paragraphs); a capability may pass its own template.
The shipped file is made by :func:`build_default_template`
(``python -m bot.services.exports.docx``), never edited by hand.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docxtpl import DocxTemplate

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TEMPLATE = TEMPLATES / "default.docx"
# A teacher's one-page individual route after the diagnostics (see build_route_template).
ROUTE_TEMPLATE = TEMPLATES / "route.docx"
# The protocol of an association's meeting (see build_protocol_template); a municipality may
# replace it with its own through the bot.
PROTOCOL_TEMPLATE = TEMPLATES / "protocol.docx"

Template = Path | bytes


def render_docx(context: Mapping[str, Any], template: Template = DEFAULT_TEMPLATE) -> bytes:
    """Render ``template`` (a path or the bytes of a ``.docx``) with ``context``; return bytes.

    Values are escaped: a ``<`` or ``&`` typed by a person stays a character in the text.
    The default template reads ``title`` (a string) and ``paragraphs`` (a list of strings).
    """
    source = io.BytesIO(template) if isinstance(template, bytes) else template
    document = DocxTemplate(source)
    document.render(dict(context), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_default_template() -> bytes:
    """Build the default template with python-docx: a heading and one paragraph per item."""
    document = Document()
    document.add_heading("{{ title }}", level=1)
    document.add_paragraph("{%p for paragraph in paragraphs %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_route_template() -> bytes:
    """Build the route template: the title, the person and the day, then four parts (the
    difficult areas, the strengths, the recommended events — lists — and the mentor)."""
    document = Document()
    document.add_heading("{{ title }}", level=1)
    document.add_paragraph("{{ name }}, {{ date }}")
    for part in ("difficult", "strong", "events"):
        document.add_heading("{{ " + part + "_heading }}", level=2)
        document.add_paragraph("{%p for item in " + part + " %}")
        document.add_paragraph("{{ item }}", style="List Bullet")
        document.add_paragraph("{%p endfor %}")
    document.add_heading("{{ mentor_heading }}", level=2)
    document.add_paragraph("{{ mentor }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_protocol_template() -> bytes:
    """Build the protocol template in the usual Russian layout: the organisation, «Протокол
    № N» of the association's meeting, the date, attendance, the numbered agenda, «Слушали /
    Выступили / Решили» per item (or one text of decisions), the head's signature line. Its
    words come from the context's ``l`` (the labels, in the bot's language), so the file has
    none of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    def line(text: str, *, bold: bool = False, align: int | None = None) -> None:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if align is not None:
            paragraph.alignment = align

    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    line("{{ organisation }}", align=centre)
    line("{{ l.protocol }} {{ number }}", bold=True, align=centre)
    line("{{ l.meeting }} {{ association }}", bold=True, align=centre)
    line("{{ date }}", align=right)
    line("{{ l.topic }}: {{ topic }}")
    line("{{ attendance }}")
    document.add_paragraph("{%p if absent_names %}")
    line("{{ l.absent }}: {{ absent_names }}")
    document.add_paragraph("{%p endif %}")
    line("{{ l.agenda }}:", bold=True)
    document.add_paragraph("{%p for item in agenda %}")
    line("{{ loop.index }}. {{ item }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for item in items %}")
    line("{{ item.number }}. {{ item.title }}", bold=True)
    for field, label in (("heard", "heard"), ("spoke", "spoke"), ("decided", "decided")):
        document.add_paragraph("{%p if item." + field + " %}")
        line("{{ l." + label + " }}: {{ item." + field + " }}")
        document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if decisions %}")
    line("{{ l.decisions }}:", bold=True)
    line("{{ decisions }}")
    document.add_paragraph("{%p endif %}")
    line("")
    line("{{ head_title }} ____________ / {{ head_name }} /")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped templates
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES
    (target / DEFAULT_TEMPLATE.name).write_bytes(build_default_template())
    (target / ROUTE_TEMPLATE.name).write_bytes(build_route_template())
    (target / PROTOCOL_TEMPLATE.name).write_bytes(build_protocol_template())
