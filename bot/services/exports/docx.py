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


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped templates
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES
    (target / DEFAULT_TEMPLATE.name).write_bytes(build_default_template())
    (target / ROUTE_TEMPLATE.name).write_bytes(build_route_template())
