"""Survey templates: YAML read safely, checked whole, frozen into ``model`` dataclasses.

This module is the public face of the engine: it re-exports the model and the answering
helpers (``answers``), so ``from bot.services.surveys.spec import visible`` works too.

The YAML form (``templates/*.yaml`` are examples)::

    key: young-specialists          # a slug: a-z, 0-9, "-", "_"; at most 40 characters
    title: ...                      # required
    intro: ...                      # optional
    anonymous: true                 # required: true or false
    consent: ...                    # optional: a text to agree to before the first question
    respondent: person              # person (default) or organisation
    sections:                       # either sections (each with a title) ...
      - title: ...
        questions: [...]
    questions: [...]                # ... or questions without sections

    # a question
    - id: mentor                    # a-z, 0-9, "_", starts with a letter; at most 24
      type: yesno                   # single multi scale yesno text longtext number date
      text: ...
      required: false               # default true
      options:                      # single and multi: 2-50 of {id, text}; id "other" is
        - {id: a, text: ...}        #   "Other" with a free text
      max_choices: 3                # multi only
      min: 0                        # number only (a scale always runs 1-5)
      max: 60
      low_label: ...                # scale only: the texts of its ends
      high_label: ...
      area: methodology             # a competence area (bot.services.events.Competence)
      measure: difficulty           # scale with an area: difficulty or strength
      show_if: {question: q3, equals: yes}
      # or {question: q3, one_of: [a, b]}, {all: [...]}, {any: [...]}

Rules of ``show_if``: it may look only at an earlier question (never itself or a later
one, so there are no cycles) of type single, multi, yesno, scale or number; its values
must be options of that question (``yes``/``no`` for yesno, 1-5 for a scale, numbers for
a number). For a multi question ``equals``/``one_of`` means the chosen set holds the value
(any of the values).

Every problem of a file is collected: ``load_template`` raises one ``TemplateErrors``
listing them all, each a ``TemplateError`` naming the file, the question (its id, ``#n``
for the n-th question when it has no usable id, or "—" for the file as a whole) and the
problem (a locale key ``survey-template-problem-*`` with its own params).
"""

from __future__ import annotations

import functools
import math
import re
from importlib import resources
from typing import Any

import yaml

from bot.i18n import Gettext
from bot.services.errors import DomainError
from bot.services.events import Competence
from bot.services.surveys.answers import (
    LONGTEXT_LIMIT,
    TEXT_LIMIT,
    Answers,
    choices,
    choose,
    clean_text,
    first_unanswered,
    format_answer,
    is_answered,
    missing,
    needs_other,
    next_question,
    parse_text,
    previous_question,
    prune,
    set_other,
    visible,
)
from bot.services.surveys.model import (
    CHOICE_TYPES,
    CONDITION_TYPES,
    OTHER,
    SCALE_MAX,
    SCALE_MIN,
    Condition,
    Measure,
    Option,
    Question,
    QuestionType,
    Respondent,
    Section,
    Template,
)

__all__ = [
    "CHOICE_TYPES",
    "LONGTEXT_LIMIT",
    "OTHER",
    "SCALE_MAX",
    "SCALE_MIN",
    "TEXT_LIMIT",
    "Answers",
    "Condition",
    "Measure",
    "Option",
    "Question",
    "QuestionType",
    "Respondent",
    "Section",
    "Template",
    "TemplateError",
    "TemplateErrors",
    "builtin_templates",
    "choices",
    "choose",
    "clean_text",
    "first_unanswered",
    "format_answer",
    "is_answered",
    "load_template",
    "missing",
    "needs_other",
    "next_question",
    "parse_text",
    "previous_question",
    "prune",
    "set_other",
    "template_from_data",
    "visible",
]

NO_QUESTION = "—"
FILE_LIMIT = 256_000  # characters of a template file
QUESTIONS_LIMIT = 200
OPTIONS_LIMIT = 50
QUESTION_TEXT_LIMIT = 1000
OPTION_TEXT_LIMIT = 100
LABEL_LIMIT = 100
TITLE_LIMIT = 200
INTRO_LIMIT = 2000
CONSENT_LIMIT = 2000
KEY_LIMIT = 40
ID_LIMIT = 24
GROUP_LIMIT = 20  # conditions in one all/any group
DEPTH_LIMIT = 4  # all/any groups inside each other
NUMBER_LIMIT = 1e12

KEY_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
QUESTION_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
OPTION_ID_RE = re.compile(r"[a-z0-9][a-z0-9_]*")

TEMPLATE_KEYS = ("key", "title", "intro", "anonymous", "consent", "respondent")
TEMPLATE_KEYS_ALL = (*TEMPLATE_KEYS, "sections", "questions")
SECTION_KEYS = ("title", "questions")
COMMON_KEYS = ("id", "type", "text", "required", "show_if", "area")
TYPE_KEYS: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.SINGLE: ("options",),
    QuestionType.MULTI: ("options", "max_choices"),
    QuestionType.SCALE: ("low_label", "high_label", "measure"),
    QuestionType.YESNO: (),
    QuestionType.TEXT: (),
    QuestionType.LONGTEXT: (),
    QuestionType.NUMBER: ("min", "max"),
    QuestionType.DATE: (),
}
ALL_QUESTION_KEYS = (
    "id",
    "type",
    "text",
    "required",
    "options",
    "max_choices",
    "min",
    "max",
    "low_label",
    "high_label",
    "show_if",
    "area",
    "measure",
)

_P = "survey-template-problem-"


class TemplateError(DomainError):
    """One problem of a template file.

    ``params``: ``file``, ``question`` (an id, ``#n``, or "—") and ``problem`` (a locale
    key); ``problem_params`` fill in the problem's text; ``section`` is the number of the
    section a problem of a section itself (not of its questions) is in. ``render`` gives
    the whole line.
    """

    key = "survey-template-error"

    def __init__(
        self,
        file: str,
        question: str | None,
        problem: str,
        *,
        in_section: int | None = None,
        **problem_params: Any,
    ) -> None:
        super().__init__(None, file=file, question=question or NO_QUESTION, problem=problem)
        self.file = file
        self.question = question
        self.section = in_section
        self.problem = problem
        self.problem_params = problem_params

    def render(self, i18n: Gettext) -> str:
        problem = i18n(self.problem, **self.problem_params)
        if self.section is not None:
            return i18n(
                "survey-template-error-section",
                file=self.file,
                section=self.section,
                problem=problem,
            )
        if self.question is None:
            return i18n("survey-template-error-file", file=self.file, problem=problem)
        return i18n(
            "survey-template-error", file=self.file, question=self.question, problem=problem
        )

    def __repr__(self) -> str:
        return f"TemplateError({self.file!r}, {self.question!r}, {self.problem!r})"


class TemplateErrors(DomainError):
    """Every problem of one template file (``errors``, in the order of the file)."""

    key = "survey-template-errors"

    def __init__(self, file: str, errors: list[TemplateError]) -> None:
        super().__init__(None, file=file, count=len(errors))
        self.file = file
        self.errors = errors

    def render(self, i18n: Gettext, limit: int = 20) -> str:
        """A heading and one line per problem; past ``limit`` lines, how many more."""
        lines = [i18n("survey-template-errors", file=self.file, count=len(self.errors))]
        lines += [f"• {e.render(i18n)}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(i18n("survey-template-errors-more", count=len(self.errors) - limit))
        return "\n".join(lines)

    def __str__(self) -> str:
        return f"{self.file}: " + "; ".join(
            f"{e.question or NO_QUESTION}: {e.problem} {e.problem_params}" for e in self.errors
        )


# ---------------------------------------------------------------- loading


def load_template(text: str, file: str) -> Template:
    """A template from YAML text; ``TemplateErrors`` lists every problem of the file."""
    if len(text) > FILE_LIMIT:
        raise TemplateErrors(
            file,
            [TemplateError(file, None, _P + "file-too-large", limit=FILE_LIMIT, length=len(text))],
        )
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        raise TemplateErrors(
            file, [TemplateError(file, None, _P + "yaml", line=line, column=column)]
        ) from None
    except yaml.YAMLError:
        raise TemplateErrors(
            file, [TemplateError(file, None, _P + "yaml", line=0, column=0)]
        ) from None
    finally:
        loader.dispose()
    if loader.repeated:
        raise TemplateErrors(
            file,
            [
                TemplateError(file, None, _P + "repeated-key", key=key, line=line)
                for key, line in loader.repeated
            ],
        )
    return template_from_data(data, file)


class _Loader(yaml.SafeLoader):
    """The safe loader that also notes a key repeated in one mapping (YAML keeps the last)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.repeated: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = self.construct_scalar(key_node)
                if key in seen:
                    self.repeated.append((str(key)[:60], key_node.start_mark.line + 1))
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def template_from_data(data: Any, file: str) -> Template:
    """A template from parsed YAML or JSON (the same shape); ``TemplateErrors`` if broken."""
    check = _Check(file)
    template = check.template(data)
    if check.errors or template is None:
        if not check.errors:  # pragma: no cover - a template is None only with errors
            check.add(None, _P + "not-a-template")
        raise TemplateErrors(file, check.errors)
    return template


@functools.cache
def _builtin() -> dict[str, tuple[Template, str]]:
    out: dict[str, tuple[Template, str]] = {}
    folder = resources.files(__package__ or "bot.services.surveys") / "templates"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        text = entry.read_text(encoding="utf-8")
        template = load_template(text, entry.name)
        out[template.key] = (template, text)
    return out


def builtin_templates() -> dict[str, tuple[Template, str]]:
    """The templates shipped with the bot: key → (template, its YAML text)."""
    return dict(_builtin())


# ---------------------------------------------------------------- checking


class _Invalid(Exception):
    """A value was wrong; the problem is already recorded."""


class _Check:
    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[TemplateError] = []
        self.positions: dict[str, int] = {}  # question id → its first position
        self.built: dict[str, Question] = {}
        self.looks_at: dict[str, set[str]] = {}  # question id → ids its raw show_if names

    def add(self, question: str | None, problem: str, **params: Any) -> None:
        self.errors.append(TemplateError(self.file, question, problem, **params))

    # -- plain values

    def keys(self, where: str | None, data: dict[Any, Any], allowed: tuple[str, ...]) -> None:
        for name in data:
            if name not in allowed:
                self.add(where, _P + "unknown-key", key=str(name)[:60], allowed=", ".join(allowed))

    def text(
        self,
        where: str | None,
        data: dict[Any, Any],
        name: str,
        limit: int,
        *,
        required: bool = True,
    ) -> str | None:
        if name not in data or data[name] is None:
            if required:
                self.add(where, _P + "missing-key", key=name)
            return None
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(where, _P + "wrong-type", key=name, expected="text")
            return None
        value = str(value).strip()
        if not value:
            self.add(where, _P + "empty", key=name)
            return None
        if len(value) > limit:
            self.add(where, _P + "too-long", key=name, limit=limit, length=len(value))
            return None
        return value

    def flag(self, where: str | None, data: dict[Any, Any], name: str, default: bool | None) -> Any:
        if name not in data:
            if default is None:
                self.add(where, _P + "missing-key", key=name)
            return default
        value = data[name]
        if not isinstance(value, bool):
            self.add(where, _P + "wrong-type", key=name, expected="bool")
            return default
        return value

    def number(self, where: str, data: dict[Any, Any], name: str) -> float | None:
        if name not in data:
            return None
        value = data[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) > NUMBER_LIMIT
        ):
            self.add(where, _P + "wrong-type", key=name, expected="number")
            return None
        return value

    def slug(self, where: str | None, value: Any, name: str, pattern: re.Pattern[str], limit: int):
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            if value is None:
                self.add(where, _P + "missing-key", key=name)
            else:
                self.add(where, _P + "bad-id", key=name, value=str(value)[:60], limit=limit)
            return None
        value = value.strip()
        if len(value) > limit or not pattern.fullmatch(value):
            self.add(where, _P + "bad-id", key=name, value=value[:60], limit=limit)
            return None
        return value

    # -- the template

    def template(self, data: Any) -> Template | None:
        if not isinstance(data, dict):
            self.add(None, _P + "not-a-template")
            return None
        self.keys(None, data, TEMPLATE_KEYS_ALL)
        key = self.slug(None, data.get("key"), "key", KEY_RE, KEY_LIMIT)
        title = self.text(None, data, "title", TITLE_LIMIT)
        intro = self.text(None, data, "intro", INTRO_LIMIT, required=False)
        consent = self.text(None, data, "consent", CONSENT_LIMIT, required=False)
        anonymous = self.flag(None, data, "anonymous", None)
        respondent = Respondent.PERSON
        if "respondent" in data:
            try:
                respondent = Respondent(str(data["respondent"]))
            except ValueError:
                self.add(
                    None,
                    _P + "bad-value",
                    key="respondent",
                    value=str(data["respondent"])[:60],
                    allowed=", ".join(r.value for r in Respondent),
                )
        items = self.items(data)
        questions = self.questions(items)
        if self.errors:
            return None
        assert key is not None
        assert title is not None
        assert anonymous is not None
        return Template(
            key=key,
            title=title,
            intro=intro or "",
            anonymous=anonymous,
            consent=consent,
            respondent=respondent,
            questions=questions,
        )

    def items(self, data: dict[Any, Any]) -> list[tuple[str | None, Any]]:
        """(section title, raw question) pairs in order."""
        if "sections" in data and "questions" in data:
            self.add(None, _P + "sections-and-questions")
            return []
        if "sections" in data:
            sections = data["sections"]
            if not isinstance(sections, list) or not sections:
                self.add(None, _P + "wrong-type", key="sections", expected="list")
                return []
            out: list[tuple[str | None, Any]] = []
            for n, section in enumerate(sections, start=1):
                if not isinstance(section, dict):
                    self.add(None, _P + "wrong-type", key="sections", expected="mapping")
                    continue
                mark = len(self.errors)
                self.keys(None, section, SECTION_KEYS)
                title = self.text(None, section, "title", TITLE_LIMIT)
                raw = section.get("questions")
                if not isinstance(raw, list) or not raw:
                    self.add(None, _P + "wrong-type", key="questions", expected="list")
                for error in self.errors[mark:]:
                    error.section = n
                if not isinstance(raw, list) or not raw:
                    continue
                out += [(title, q) for q in raw[: QUESTIONS_LIMIT + 1]]
            return out
        raw = data.get("questions")
        if raw is None:
            self.add(None, _P + "no-questions")
            return []
        if not isinstance(raw, list) or not raw:
            self.add(None, _P + "wrong-type", key="questions", expected="list")
            return []
        return [(None, q) for q in raw[: QUESTIONS_LIMIT + 1]]

    def questions(self, items: list[tuple[str | None, Any]]) -> tuple[Question, ...]:
        if len(items) > QUESTIONS_LIMIT:
            self.add(None, _P + "too-many-questions", limit=QUESTIONS_LIMIT)
            items = items[:QUESTIONS_LIMIT]
        # Every id and its position first: a show-if to a later question is told apart
        # from one to a question that does not exist.
        for n, (_, raw) in enumerate(items):
            if isinstance(raw, dict):
                qid = _scalar(raw.get("id"))
                if qid is not None and qid not in self.positions:
                    self.positions[qid] = n
                    self.looks_at[qid] = _named_questions(raw.get("show_if"))
        seen: set[str] = set()
        out: list[Question] = []
        for n, (section, raw) in enumerate(items):
            question = self.question(n, section, raw, seen)
            if question is not None:
                out.append(question)
                self.built[question.id] = question
        return tuple(out)

    def question(self, n: int, section: str | None, raw: Any, seen: set[str]) -> Question | None:
        where = f"#{n + 1}"
        if not isinstance(raw, dict):
            self.add(where, _P + "wrong-type", key="questions", expected="mapping")
            return None
        qid = self.slug(where, raw.get("id"), "id", QUESTION_ID_RE, ID_LIMIT)
        if qid is not None:
            where = qid
            if qid in seen:
                self.add(where, _P + "duplicate-id", id=qid)
                qid = None
            else:
                seen.add(qid)
        errors_before = len(self.errors)
        self.keys(where, raw, ALL_QUESTION_KEYS)
        qtype: QuestionType | None = None
        if "type" not in raw:
            self.add(where, _P + "missing-key", key="type")
        else:
            try:
                qtype = QuestionType(str(raw["type"]))
            except ValueError:
                self.add(
                    where,
                    _P + "bad-value",
                    key="type",
                    value=str(raw["type"])[:60],
                    allowed=", ".join(t.value for t in QuestionType),
                )
        text = self.text(where, raw, "text", QUESTION_TEXT_LIMIT)
        required = self.flag(where, raw, "required", True)
        area = self.area(where, raw)
        fields: dict[str, Any] = {}
        if qtype is not None:
            if qtype is QuestionType.SCALE and ("min" in raw or "max" in raw):
                self.add(where, _P + "scale-range", min=SCALE_MIN, max=SCALE_MAX)
            allowed = {*COMMON_KEYS, *TYPE_KEYS[qtype]}
            if qtype is QuestionType.SCALE:
                allowed |= {"min", "max"}  # told above
            for name in ALL_QUESTION_KEYS:
                if name in raw and name not in allowed:
                    self.add(where, _P + "key-not-for-type", key=name, type=qtype.value)
            fields = self.typed(where, raw, qtype, area)
        show_if = None
        if "show_if" in raw:
            show_if = self.condition(where, qid, n, raw["show_if"], 0)
        if qid is None or qtype is None or text is None or len(self.errors) > errors_before:
            return None
        return Question(
            id=qid,
            section=section,
            type=qtype,
            text=text,
            required=required,
            show_if=show_if,
            area=area,
            **fields,
        )

    def area(self, where: str, raw: dict[Any, Any]) -> str | None:
        if "area" not in raw:
            return None
        value = str(raw["area"])
        if value not in {c.value for c in Competence}:
            self.add(
                where,
                _P + "bad-value",
                key="area",
                value=value[:60],
                allowed=", ".join(c.value for c in Competence),
            )
            return None
        return value

    def typed(
        self, where: str, raw: dict[Any, Any], qtype: QuestionType, area: str | None
    ) -> dict[str, Any]:
        if qtype in CHOICE_TYPES:
            options = self.options(where, raw)
            fields: dict[str, Any] = {"options": options}
            if qtype is QuestionType.MULTI and "max_choices" in raw:
                limit = raw["max_choices"]
                if isinstance(limit, bool) or not isinstance(limit, int):
                    self.add(where, _P + "wrong-type", key="max_choices", expected="integer")
                elif options and not 1 <= limit <= len(options):
                    self.add(where, _P + "max-choices", value=limit, count=len(options))
                else:
                    fields["max_choices"] = limit
            return fields
        if qtype is QuestionType.SCALE:
            low = self.text(where, raw, "low_label", LABEL_LIMIT, required=False)
            high = self.text(where, raw, "high_label", LABEL_LIMIT, required=False)
            if ("low_label" in raw) != ("high_label" in raw):
                self.add(where, _P + "scale-labels")
            measure = None
            if "measure" in raw:
                try:
                    measure = Measure(str(raw["measure"])).value
                except ValueError:
                    self.add(
                        where,
                        _P + "bad-value",
                        key="measure",
                        value=str(raw["measure"])[:60],
                        allowed=", ".join(m.value for m in Measure),
                    )
                if area is None:
                    self.add(where, _P + "measure-without-area")
            return {
                "min": SCALE_MIN,
                "max": SCALE_MAX,
                "low_label": low,
                "high_label": high,
                "measure": measure,
            }
        if qtype is QuestionType.NUMBER:
            low_n = self.number(where, raw, "min")
            high_n = self.number(where, raw, "max")
            if low_n is not None and high_n is not None and low_n > high_n:
                self.add(where, _P + "min-max", min=low_n, max=high_n)
            return {"min": low_n, "max": high_n}
        return {}

    def options(self, where: str, raw: dict[Any, Any]) -> tuple[Option, ...]:
        items = raw.get("options")
        if items is None:
            self.add(where, _P + "options-missing")
            return ()
        if not isinstance(items, list):
            self.add(where, _P + "wrong-type", key="options", expected="list")
            return ()
        if len(items) < 2:
            self.add(where, _P + "options-missing")
            return ()
        if len(items) > OPTIONS_LIMIT:
            self.add(where, _P + "too-many-options", limit=OPTIONS_LIMIT, count=len(items))
            items = items[:OPTIONS_LIMIT]
        out: list[Option] = []
        ids: set[str] = set()
        for item in items:
            if not isinstance(item, dict):
                self.add(where, _P + "wrong-type", key="options", expected="mapping")
                continue
            self.keys(where, item, ("id", "text"))
            oid = self.slug(where, item.get("id"), "options.id", OPTION_ID_RE, ID_LIMIT)
            text = self.text(where, item, "text", OPTION_TEXT_LIMIT)
            if oid is not None and oid in ids:
                self.add(where, _P + "duplicate-option", option=oid)
                continue
            if oid is not None and text is not None:
                ids.add(oid)
                out.append(Option(oid, text))
        return tuple(out)

    # -- show-if

    def condition(self, where: str, qid: str | None, n: int, raw: Any, depth: int):
        try:
            return self._condition(where, qid, n, raw, depth)
        except _Invalid:
            return None

    def _condition(self, where: str, qid: str | None, n: int, raw: Any, depth: int) -> Condition:
        if not isinstance(raw, dict) or not raw:
            self.add(where, _P + "show-if-shape")
            raise _Invalid
        if "question" in raw:
            return self._leaf(where, qid, n, raw)
        if len(raw) != 1 or next(iter(raw)) not in ("all", "any"):
            self.add(where, _P + "show-if-shape")
            raise _Invalid
        group, items = next(iter(raw.items()))
        if depth >= DEPTH_LIMIT:
            self.add(where, _P + "show-if-depth", limit=DEPTH_LIMIT)
            raise _Invalid
        if not isinstance(items, list) or not items or len(items) > GROUP_LIMIT:
            self.add(where, _P + "show-if-group", limit=GROUP_LIMIT)
            raise _Invalid
        parts: list[Condition] = []
        failed = False
        for item in items:
            try:
                parts.append(self._condition(where, qid, n, item, depth + 1))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        if group == "all":
            return Condition(all_of=tuple(parts))
        return Condition(any_of=tuple(parts))

    def _leaf(self, where: str, qid: str | None, n: int, raw: dict[Any, Any]) -> Condition:
        ops = [k for k in raw if k in ("equals", "one_of")]
        others = [k for k in raw if k not in ("question", "equals", "one_of")]
        if len(ops) != 1 or others:
            self.add(where, _P + "show-if-shape")
            raise _Invalid
        op = ops[0]
        target = raw["question"]
        if not isinstance(target, str) or not target.strip():
            self.add(where, _P + "show-if-shape")
            raise _Invalid
        target = target.strip()
        if op == "equals":
            raw_values = [raw[op]]
        else:
            raw_values = raw[op]
            if not isinstance(raw_values, list) or not raw_values:
                self.add(where, _P + "show-if-shape")
                raise _Invalid
        values: list[str] = []
        for value in raw_values:
            scalar = _scalar(value)
            if scalar is None:
                self.add(where, _P + "show-if-shape")
                raise _Invalid
            values.append(scalar)
        if target == qid:
            self.add(where, _P + "show-if-self")
            raise _Invalid
        if target not in self.positions:
            self.add(where, _P + "show-if-unknown", target=target[:60])
            raise _Invalid
        if self.positions[target] > n:
            cycle = self._cycle(qid, target)
            if cycle:
                self.add(where, _P + "show-if-cycle", target=target, path=" → ".join(cycle))
            else:
                self.add(where, _P + "show-if-later", target=target)
            raise _Invalid
        referenced = self.built.get(target)
        if referenced is not None:
            self._check_values(where, referenced, values)
        return Condition(question=target, op=op, values=tuple(values))

    def _cycle(self, start: str | None, target: str) -> list[str]:
        """The ids of a loop of show-ifs from ``start`` through ``target`` back to ``start``
        (empty when there is none): named as a cycle, which is clearer than "later"."""
        if start is None:
            return []
        path = [start, target]
        seen = {target}

        def walk(at: str) -> bool:
            for nxt in sorted(self.looks_at.get(at, ())):
                if nxt == start:
                    path.append(start)
                    return True
                if nxt in seen:
                    continue
                seen.add(nxt)
                path.append(nxt)
                if walk(nxt):
                    return True
                path.pop()
            return False

        return path if walk(target) else []

    def _check_values(self, where: str, referenced: Question, values: list[str]) -> None:
        if referenced.type not in CONDITION_TYPES:
            self.add(where, _P + "show-if-type", target=referenced.id, type=referenced.type.value)
            raise _Invalid
        for value in values:
            if referenced.type in CHOICE_TYPES:
                ok = referenced.option(value) is not None
                allowed = ", ".join(o.id for o in referenced.options)
            elif referenced.type is QuestionType.YESNO:
                ok = value in ("yes", "no")
                allowed = "yes, no"
            elif referenced.type is QuestionType.SCALE:
                ok = value.isdigit() and SCALE_MIN <= int(value) <= SCALE_MAX
                allowed = ", ".join(str(i) for i in range(SCALE_MIN, SCALE_MAX + 1))
            else:
                ok = _is_number(value)
                allowed = "0, 1, 2.5"
            if not ok:
                self.add(
                    where,
                    _P + "show-if-value",
                    target=referenced.id,
                    value=value[:60],
                    allowed=allowed[:300],
                )
                raise _Invalid


def _named_questions(raw: Any, depth: int = 0) -> set[str]:
    """The question ids a raw show_if names, however malformed the rest of it."""
    if depth > DEPTH_LIMIT + 1:
        return set()
    out: set[str] = set()
    if isinstance(raw, dict):
        target = raw.get("question")
        if isinstance(target, str) and target.strip():
            out.add(target.strip())
        for group in ("all", "any"):
            items = raw.get(group)
            if isinstance(items, list):
                for item in items[: GROUP_LIMIT + 1]:
                    out |= _named_questions(item, depth + 1)
    return out


def _scalar(value: Any) -> str | None:
    """A condition value as a string: ``yes``/``no`` for YAML booleans, numbers written out."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False
