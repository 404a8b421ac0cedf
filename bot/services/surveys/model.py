"""What a survey template is: frozen dataclasses, built only by the loader in ``spec``.

A template is a list of questions, optionally grouped into titled sections (consecutive
questions of one section). Every question has a type; choice questions have options; a
question may be shown only if a condition on earlier answers holds (``show_if``).
"""

from __future__ import annotations

import enum
import functools
import json
from dataclasses import dataclass
from typing import Any

OTHER = "other"  # the option id that means "Other" with a free text
SCALE_MIN = 1
SCALE_MAX = 5


class QuestionType(enum.StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    SCALE = "scale"
    YESNO = "yesno"
    TEXT = "text"
    LONGTEXT = "longtext"
    NUMBER = "number"
    DATE = "date"


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTI})
# Types a show-if condition may look at.
CONDITION_TYPES = frozenset(
    {
        QuestionType.SINGLE,
        QuestionType.MULTI,
        QuestionType.YESNO,
        QuestionType.SCALE,
        QuestionType.NUMBER,
    }
)


class Respondent(enum.StrEnum):
    """Who answers: each person, or each organisation (through its coordinator)."""

    PERSON = "person"
    ORGANISATION = "organisation"


class Measure(enum.StrEnum):
    """What a self-rating of a competence area measures (the diagnostics)."""

    DIFFICULTY = "difficulty"
    STRENGTH = "strength"


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: str

    @property
    def is_other(self) -> bool:
        return self.id == OTHER


@dataclass(frozen=True, slots=True)
class Condition:
    """A leaf (``question``, ``op``, ``values``) or a group (``all_of`` or ``any_of``).

    Values are strings: option ids, ``yes``/``no``, or numbers written out (``"4"``).
    """

    question: str | None = None
    op: str | None = None  # "equals" | "one_of"
    values: tuple[str, ...] = ()
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return self.question is not None

    def questions(self) -> frozenset[str]:
        """Ids of every question the condition looks at."""
        if self.question is not None:
            return frozenset({self.question})
        out: frozenset[str] = frozenset()
        for item in self.all_of + self.any_of:
            out |= item.questions()
        return out

    def to_dict(self) -> dict[str, Any]:
        if self.question is not None:
            if self.op == "equals":
                return {"question": self.question, "equals": self.values[0]}
            return {"question": self.question, "one_of": list(self.values)}
        if self.all_of:
            return {"all": [c.to_dict() for c in self.all_of]}
        return {"any": [c.to_dict() for c in self.any_of]}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    section: str | None
    type: QuestionType
    text: str
    required: bool = True
    options: tuple[Option, ...] = ()
    max_choices: int | None = None
    min: float | None = None
    max: float | None = None
    low_label: str | None = None
    high_label: str | None = None
    show_if: Condition | None = None
    area: str | None = None
    measure: str | None = None

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    @property
    def has_other(self) -> bool:
        return any(o.is_other for o in self.options)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type.value, "text": self.text}
        if not self.required:
            out["required"] = False
        if self.options:
            out["options"] = [{"id": o.id, "text": o.text} for o in self.options]
        if self.type is not QuestionType.SCALE:
            for name in ("max_choices", "min", "max"):
                if getattr(self, name) is not None:
                    out[name] = getattr(self, name)
        for name in ("low_label", "high_label", "area", "measure"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.show_if is not None:
            out["show_if"] = self.show_if.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Section:
    title: str | None
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    title: str
    intro: str
    anonymous: bool
    consent: str | None
    respondent: Respondent
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` if there is none (check with ``has``)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def has(self, question_id: str) -> bool:
        return any(q.id == question_id for q in self.questions)

    def index(self, question_id: str) -> int:
        """Position of the question in the template; ``KeyError`` if there is none."""
        for i, question in enumerate(self.questions):
            if question.id == question_id:
                return i
        raise KeyError(question_id)

    def sections(self) -> tuple[Section, ...]:
        """Consecutive questions of one section, in order (title None: no sections)."""
        out: list[Section] = []
        run: list[Question] = []
        for question in self.questions:
            if run and run[-1].section != question.section:
                out.append(Section(run[-1].section, tuple(run)))
                run = []
            run.append(question)
        if run:
            out.append(Section(run[-1].section, tuple(run)))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The template in its YAML form (what ``spec.load_template`` reads)."""
        out: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "anonymous": self.anonymous,
            "respondent": self.respondent.value,
        }
        if self.intro:
            out["intro"] = self.intro
        if self.consent is not None:
            out["consent"] = self.consent
        sections = self.sections()
        if any(s.title is not None for s in sections):
            out["sections"] = [
                {"title": s.title, "questions": [q.to_dict() for q in s.questions]}
                for s in sections
            ]
        else:
            out["questions"] = [q.to_dict() for q in self.questions]
        return out

    def to_json(self) -> str:
        """A JSON text a survey keeps to freeze its template at launch."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any], file: str = "template.json") -> Template:
        """The template back from ``to_dict`` (a JSON column), validated like a YAML file;
        the same data is validated once (a survey's frozen template is read at every press)."""
        return _from_text(json.dumps(data, ensure_ascii=False, sort_keys=True), file)

    @classmethod
    def from_json(cls, text: str, file: str = "template.json") -> Template:
        """The template back from ``to_json``, validated like a YAML file."""
        return cls.from_dict(json.loads(text), file)


@functools.lru_cache(maxsize=64)
def _from_text(text: str, file: str) -> Template:
    """A template is frozen: one validated copy per distinct text (a failure is not kept)."""
    from bot.services.surveys.spec import template_from_data

    return template_from_data(json.loads(text), file)
