"""Survey templates and the answering rules, without a database or a chat."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from bot.i18n import Translator
from bot.services.errors import DomainError
from bot.services.events import Competence
from bot.services.surveys import (
    OTHER,
    Condition,
    Measure,
    QuestionType,
    Respondent,
    Template,
    TemplateError,
    TemplateErrors,
    builtin_templates,
    choices,
    choose,
    first_unanswered,
    format_answer,
    is_answered,
    load_template,
    missing,
    needs_other,
    next_question,
    parse_text,
    previous_question,
    prune,
    set_other,
    visible,
)

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 10, 14)
RU = Translator().bind("ru")
EN = Translator().bind("en")
AB = "[{id: a, text: A}, {id: b, text: B}]"


def _yaml(body: str, head: str | None = None) -> str:
    head = head or "key: t\ntitle: Опрос\nanonymous: false\n"
    return head + dedent(body)


def _errors(text: str, file: str = "broken.yaml") -> list[TemplateError]:
    with pytest.raises(TemplateErrors) as caught:
        load_template(text, file)
    assert caught.value.file == file
    assert caught.value.errors
    assert all(e.file == file for e in caught.value.errors)
    return caught.value.errors


def _only(text: str) -> TemplateError:
    [error] = _errors(text)
    return error


# ---------------------------------------------------------------- built-in templates


def test_every_builtin_template_loads() -> None:
    templates = builtin_templates()
    files = sorted(p.stem for p in (ROOT / "bot/services/surveys/templates").glob("*.yaml"))
    assert (
        sorted(templates)
        == files
        == [
            "diagnostics",
            "young-specialists",
            "young-teacher-difficulties",
        ]
    )
    for key, (template, text) in templates.items():
        assert template.key == key
        assert load_template(text, f"{key}.yaml") == template
        assert "наш шаблон" in text.split("\nkey:")[0]  # the header says it is ours to adapt
        assert all(s.title for s in template.sections())


def test_diagnostics_rates_difficulty_and_strength_of_every_area() -> None:
    template, _ = builtin_templates()["diagnostics"]
    assert template.anonymous is False
    assert template.respondent is Respondent.PERSON
    rated = {(q.area, q.measure) for q in template.questions if q.measure}
    assert rated == {(c.value, m.value) for c in Competence for m in Measure}
    for q in template.questions:
        if q.measure:
            assert q.type is QuestionType.SCALE
            assert q.low_label
            assert q.high_label
    support = template.question("support_forms")
    assert support.type is QuestionType.MULTI
    assert [o.id for o in support.options] == [
        "courses",
        "seminar",
        "master_class",
        "mentoring",
        "consultation",
        "self_study",
        OTHER,
    ]
    main = template.question("main_difficulty")
    assert main.type is QuestionType.LONGTEXT
    assert not main.required


def test_young_specialists_asks_about_the_mentor_only_when_there_is_one() -> None:
    template, _ = builtin_templates()["young-specialists"]
    assert template.anonymous is True
    useful = template.question("mentor_useful")
    assert useful.show_if == Condition(question="mentor", op="equals", values=("yes",))
    ids = [q.id for q in visible(template, {"mentor": True})]
    assert "mentor_useful" in ids
    assert "mentor_wanted" not in ids
    ids = [q.id for q in visible(template, {"mentor": False})]
    assert "mentor_useful" not in ids
    assert "mentor_wanted" in ids
    assert template.question("difficulties").has_other
    assert template.question("support").has_other


def test_young_teacher_difficulties_is_anonymous_scales_with_a_free_text() -> None:
    template, _ = builtin_templates()["young-teacher-difficulties"]
    assert template.anonymous is True
    ids = {q.id for q in template.questions if q.type is QuestionType.SCALE}
    assert {"planning", "discipline", "parents", "documentation", "assessment", "time"} <= ids
    assert any(q.type is QuestionType.LONGTEXT for q in template.questions)


def test_template_round_trips_through_json() -> None:
    for template, _ in builtin_templates().values():
        assert Template.from_json(template.to_json()) == template
        assert Template.from_dict(template.to_dict()) == template
    text = _yaml(
        """
        consent: Согласны?
        respondent: organisation
        questions:
          - {id: a, type: single, text: A, options: [{id: x, text: X}, {id: y, text: Y}]}
          - id: n
            type: number
            text: N
            min: 0.5
            max: 10
            required: false
            show_if: {any: [{question: a, equals: x}, {all: [{question: a, one_of: [y]}]}]}
        """
    )
    template = load_template(text, "t.yaml")
    again = Template.from_json(template.to_json())
    assert again == template
    assert again.respondent is Respondent.ORGANISATION
    assert again.consent == "Согласны?"
    assert again.question("n").min == 0.5


def test_sections_group_questions_in_order() -> None:
    template, _ = builtin_templates()["young-specialists"]
    sections = template.sections()
    assert [s.title for s in sections] == [
        "О вас",
        "Условия работы",
        "Наставничество",
        "Поддержка",
        "Планы",
    ]
    assert [q for s in sections for q in s.questions] == list(template.questions)


# ---------------------------------------------------------------- broken templates


def test_broken_yaml_names_the_file_and_the_line() -> None:
    error = _only("key: t\ntitle: [unclosed\nanonymous: false\n")
    assert error.problem == "survey-template-problem-yaml"
    assert error.question is None
    assert error.problem_params["line"] >= 2
    assert "broken.yaml" in error.render(RU)
    assert "строке" in error.render(RU)


def test_a_repeated_key_names_its_line() -> None:
    error = _only(_yaml("questions:\n  - id: q1\n    type: text\n    text: A\n    text: B\n"))
    assert error.problem == "survey-template-problem-repeated-key"
    assert error.problem_params == {"key": "text", "line": 8}
    assert "строке 8" in error.render(RU)


def test_not_a_mapping_and_no_questions() -> None:
    assert _only("- a\n- b\n").problem == "survey-template-problem-not-a-template"
    assert _only("").problem == "survey-template-problem-not-a-template"
    assert _only(_yaml("")).problem == "survey-template-problem-no-questions"


def test_unknown_key_in_a_question() -> None:
    error = _only(_yaml("questions:\n  - {id: q1, type: text, text: A, colour: red}\n"))
    assert (error.question, error.problem) == ("q1", "survey-template-problem-unknown-key")
    assert error.problem_params["key"] == "colour"
    line = error.render(RU)
    assert "broken.yaml" in line
    assert "q1" in line
    assert "colour" in line


def test_missing_options_of_a_choice_question() -> None:
    error = _only(_yaml("questions:\n  - {id: q1, type: single, text: A}\n"))
    assert (error.question, error.problem) == ("q1", "survey-template-problem-options-missing")
    error = _only(
        _yaml("questions:\n  - {id: q1, type: multi, text: A, options: [{id: a, text: A}]}\n")
    )
    assert error.problem == "survey-template-problem-options-missing"


def test_duplicate_question_id() -> None:
    error = _only(
        _yaml(
            """
            questions:
              - {id: q1, type: text, text: A}
              - {id: q1, type: text, text: B}
            """
        )
    )
    assert (error.question, error.problem) == ("q1", "survey-template-problem-duplicate-id")


@pytest.mark.parametrize(
    ("show_if", "problem", "target"),
    [
        ("{question: nope, equals: a}", "survey-template-problem-show-if-unknown", "nope"),
        ("{question: q3, equals: a}", "survey-template-problem-show-if-later", "q3"),
        ("{question: q2, equals: a}", "survey-template-problem-show-if-self", None),
        ("{question: q1, equals: c}", "survey-template-problem-show-if-value", "q1"),
        ("{question: q1, one_of: [a, zz]}", "survey-template-problem-show-if-value", "q1"),
        ("{all: [{question: q1, equals: a}, {question: q3, equals: a}]}",
         "survey-template-problem-show-if-later", "q3"),
        ("{question: q1}", "survey-template-problem-show-if-shape", None),
        ("{question: q1, equals: a, one_of: [b]}", "survey-template-problem-show-if-shape", None),
        ("{both: []}", "survey-template-problem-show-if-shape", None),
        ("{any: []}", "survey-template-problem-show-if-group", None),
    ],
)  # fmt: skip
def test_show_if_problems_name_the_question(show_if: str, problem: str, target: str | None) -> None:
    error = _only(
        _yaml(
            f"""
            questions:
              - {{id: q1, type: single, text: A, options: [{{id: a, text: A}}, {{id: b, text: B}}]}}
              - {{id: q2, type: single, text: B, options: [{{id: a, text: A}}, {{id: b, text: B}}],
                  show_if: {show_if}}}
              - {{id: q3, type: single, text: C, options: [{{id: a, text: A}}, {{id: b, text: B}}]}}
            """
        )
    )
    assert (error.question, error.problem) == ("q2", problem)
    if target is not None:
        assert error.problem_params["target"] == target
    assert "q2" in error.render(RU)


def test_a_cycle_of_show_ifs_is_named_as_one() -> None:
    """A show-if may only look up, so a loop always has one condition pointing down: that
    one is reported as the cycle it closes, with its path; the rest of the loop is fine."""
    text = _yaml(
        """
        questions:
          - {id: a, type: yesno, text: A, show_if: {question: c, equals: yes}}
          - {id: b, type: yesno, text: B, show_if: {question: a, equals: yes}}
          - id: c
            type: yesno
            text: C
            show_if: {any: [{question: b, equals: yes}, {question: z, equals: no}]}
          - {id: z, type: yesno, text: Z}
          - {id: d, type: yesno, text: D, show_if: {question: e, equals: yes}}
          - {id: e, type: yesno, text: E, show_if: {question: d, equals: no}}
        """
    )
    errors = _errors(text)
    assert [(e.question, e.problem.removeprefix("survey-template-problem-")) for e in errors] == [
        ("a", "show-if-cycle"),
        ("c", "show-if-later"),
        ("d", "show-if-cycle"),
    ]
    assert errors[0].problem_params["path"] == "a → c → b → a"
    assert errors[2].problem_params["path"] == "d → e → d"
    for i18n in (RU, EN):
        assert "a → c → b → a" in errors[0].render(i18n)
    assert "замыкаются в круг: d → e → d" in errors[2].render(RU)


def test_show_if_values_of_yesno_scale_and_number_and_types() -> None:
    text = _yaml(
        """
        questions:
          - {id: yn, type: yesno, text: A}
          - {id: sc, type: scale, text: B}
          - {id: nu, type: number, text: C}
          - {id: tx, type: text, text: D}
          - {id: a, type: text, text: E, show_if: {question: yn, equals: maybe}}
          - {id: b, type: text, text: F, show_if: {question: sc, one_of: [5, 6]}}
          - {id: c, type: text, text: G, show_if: {question: nu, equals: many}}
          - {id: d, type: text, text: H, show_if: {question: tx, equals: hi}}
          - {id: e, type: text, text: I, show_if: {question: yn, equals: no}}
          - {id: f, type: text, text: J, show_if: {question: sc, equals: 4}}
          - {id: g, type: text, text: K, show_if: {question: nu, equals: 2.5}}
        """
    )
    found = {(e.question, e.problem) for e in _errors(text)}
    assert found == {
        ("a", "survey-template-problem-show-if-value"),
        ("b", "survey-template-problem-show-if-value"),
        ("c", "survey-template-problem-show-if-value"),
        ("d", "survey-template-problem-show-if-type"),
    }


def test_min_greater_than_max() -> None:
    error = _only(_yaml("questions:\n  - {id: n, type: number, text: N, min: 10, max: 1}\n"))
    assert (error.question, error.problem) == ("n", "survey-template-problem-min-max")
    assert "10" in error.render(RU)


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("{id: q, type: essay, text: A}", "survey-template-problem-bad-value"),
        ("{id: q, type: text}", "survey-template-problem-missing-key"),
        ("{id: q, type: text, text: '  '}", "survey-template-problem-empty"),
        ("{id: q, type: text, text: [a]}", "survey-template-problem-wrong-type"),
        ("{id: q, type: text, text: A, required: maybe}", "survey-template-problem-wrong-type"),
        ("{id: q, type: text, text: A, options: [{id: a, text: A}, {id: b, text: B}]}",
         "survey-template-problem-key-not-for-type"),
        ("{id: q, type: scale, text: A, min: 0, max: 10}", "survey-template-problem-scale-range"),
        ("{id: q, type: scale, text: A, low_label: low}", "survey-template-problem-scale-labels"),
        ("{id: q, type: scale, text: A, measure: difficulty}",
         "survey-template-problem-measure-without-area"),
        ("{id: q, type: scale, text: A, area: chess}", "survey-template-problem-bad-value"),
        ("{id: q, type: multi, text: A, max_choices: 3, options: " + AB + "}",
         "survey-template-problem-max-choices"),
        ("{id: q, type: multi, text: A, max_choices: 0, options: " + AB + "}",
         "survey-template-problem-max-choices"),
        ("{id: q, type: single, text: A, options: [{id: a, text: A}, {id: a, text: B}]}",
         "survey-template-problem-duplicate-option"),
        ("{id: q, type: number, text: A, min: ten}", "survey-template-problem-wrong-type"),
    ],
)  # fmt: skip
def test_schema_problems_name_the_question(question: str, problem: str) -> None:
    error = _only(_yaml(f"questions:\n  - {question}\n"))
    assert (error.question, error.problem) == ("q", problem)


def test_a_question_without_a_usable_id_is_named_by_its_number() -> None:
    errors = _errors(
        _yaml(
            """
            questions:
              - {id: ok, type: text, text: A}
              - {type: text, text: B}
              - {id: Bad Id, type: text, text: C}
            """
        )
    )
    assert [(e.question, e.problem) for e in errors] == [
        ("#2", "survey-template-problem-missing-key"),
        ("#3", "survey-template-problem-bad-id"),
    ]


def test_template_level_problems() -> None:
    errors = _errors(
        "key: Not A Slug\ntitle: ''\nrespondent: class\ncolour: red\n"
        "questions:\n  - {id: a, type: text, text: A}\nsections: []\n"
    )
    found = {(e.question, e.problem) for e in errors}
    assert found == {
        (None, "survey-template-problem-bad-id"),
        (None, "survey-template-problem-empty"),
        (None, "survey-template-problem-missing-key"),  # anonymous
        (None, "survey-template-problem-bad-value"),  # respondent
        (None, "survey-template-problem-unknown-key"),  # colour
        (None, "survey-template-problem-sections-and-questions"),
    }
    assert all(e.params["question"] == "—" for e in errors)


def test_a_problem_of_a_section_names_the_section() -> None:
    errors = _errors(
        _yaml(
            """
            sections:
              - title: Первый
                questions:
                  - {id: q1, type: text, text: A}
              - questions:
                  - {id: q2, type: text, text: B}
              - {title: Третий, questions: []}
            """
        )
    )
    assert [(e.section, e.question, e.problem) for e in errors] == [
        (2, None, "survey-template-problem-missing-key"),
        (3, None, "survey-template-problem-wrong-type"),
    ]
    assert errors[0].render(RU) == "«broken.yaml», раздел 2: не хватает ключа «title»."


def test_limits() -> None:
    many = "".join(f"  - {{id: q{i}, type: text, text: T}}\n" for i in range(201))
    assert _only(_yaml("questions:\n" + many)).problem == (
        "survey-template-problem-too-many-questions"
    )
    options = ", ".join(f"{{id: o{i}, text: O}}" for i in range(51))
    error = _only(
        _yaml(f"questions:\n  - {{id: q, type: single, text: A, options: [{options}]}}\n")
    )
    assert error.problem == "survey-template-problem-too-many-options"
    error = _only(_yaml(f"questions:\n  - {{id: q, type: text, text: {'я' * 1001}}}\n"))
    assert error.problem == "survey-template-problem-too-long"
    assert error.problem_params == {"key": "text", "limit": 1000, "length": 1001}
    assert load_template(_yaml(f"questions:\n  - {{id: q, type: text, text: {'я' * 1000}}}\n"), "f")
    error = _only("x: " + "a" * 300_000)
    assert error.problem == "survey-template-problem-file-too-large"


def test_every_error_of_a_file_is_listed() -> None:
    text = _yaml(
        """
        sections:
          - title: Первый
            questions:
              - {id: q1, type: single, text: A}
              - {id: q2, type: number, text: B, min: 5, max: 1}
          - title: Второй
            questions:
              - {id: q1, type: text, text: C}
              - {id: q4, type: text, text: D, show_if: {question: q9, equals: a}}
              - {id: q5, type: text, text: E, show_if: {question: q6, equals: a}}
              - {id: q6, type: yesno, text: F, show_if: {question: q6, equals: yes}}
              - {id: q7, type: text, text: G, hint: x}
        """
    )
    errors = _errors(text)
    assert [(e.question, e.problem.removeprefix("survey-template-problem-")) for e in errors] == [
        ("q1", "options-missing"),
        ("q2", "min-max"),
        ("q1", "duplicate-id"),
        ("q4", "show-if-unknown"),
        ("q5", "show-if-later"),
        ("q6", "show-if-self"),
        ("q7", "unknown-key"),
    ]
    with pytest.raises(TemplateErrors) as caught:
        load_template(text, "broken.yaml")
    for i18n in (RU, EN):
        shown = caught.value.render(i18n)
        lines = shown.splitlines()
        assert len(lines) == 1 + len(errors)
        assert "7" in lines[0]
        assert all("broken.yaml" in line for line in lines[1:])
        assert "survey-template" not in shown  # every key rendered
    assert caught.value.render(RU).startswith("В шаблоне «broken.yaml» 7 ошибок")
    short = caught.value.render(RU, limit=2).splitlines()
    assert len(short) == 4
    assert "5 ошибок" in short[-1]


def test_every_problem_and_error_key_has_its_text() -> None:
    """Problem keys travel as data, so the scan of translator calls cannot see them."""
    source = "".join(p.read_text() for p in (ROOT / "bot/services/surveys").glob("*.py"))
    keys = set(re.findall(r'"(survey-error-[a-z-]+)"', source))
    keys |= {f"survey-template-problem-{k}" for k in re.findall(r'_P \+ "([a-z-]+)"', source)}
    assert len(keys) > 30
    t = Translator()
    for key in keys:
        for locale in t.locales:
            assert t.has(key, locale), (key, locale)


# ---------------------------------------------------------------- show-if and moving about

BRANCHING = _yaml(
    """
    questions:
      - {id: role, type: single, text: R, options: [{id: teacher, text: T}, {id: head, text: H}]}
      - {id: young, type: yesno, text: Y}
      - id: mentor
        type: yesno
        text: M
        show_if: {all: [{question: role, equals: teacher}, {question: young, equals: yes}]}
      - id: useful
        type: scale
        text: U
        show_if: {question: mentor, equals: yes}
      - id: either
        type: text
        text: E
        required: false
        show_if: {any: [{question: role, equals: head}, {question: useful, one_of: [1, 2]}]}
      - {id: last, type: number, text: L, min: 0, max: 40}
    """
)


def _ids(questions: list) -> list[str]:
    return [q.id for q in questions]


def test_all_and_any_groups_and_a_hidden_chain() -> None:
    t = load_template(BRANCHING, "b.yaml")
    teacher = {"chosen": ["teacher"], "other": None}
    head = {"chosen": ["head"], "other": None}
    assert _ids(visible(t, {})) == ["role", "young", "last"]
    assert _ids(visible(t, {"role": teacher, "young": False})) == ["role", "young", "last"]
    answers = {"role": teacher, "young": True}
    assert _ids(visible(t, answers)) == ["role", "young", "mentor", "last"]
    answers["mentor"] = True
    assert _ids(visible(t, answers)) == ["role", "young", "mentor", "useful", "last"]
    answers["useful"] = 2
    assert _ids(visible(t, answers)) == ["role", "young", "mentor", "useful", "either", "last"]
    # Changing an early answer hides the chain: mentor, then useful, then either.
    changed = {**answers, "young": False}
    assert _ids(visible(t, changed)) == ["role", "young", "last"]
    # The any group: the other branch still shows "either".
    assert _ids(visible(t, {**answers, "role": head})) == ["role", "young", "either", "last"]


def test_next_previous_prune_missing() -> None:
    t = load_template(BRANCHING, "b.yaml")
    teacher = {"chosen": ["teacher"], "other": None}
    answers: dict = {}
    assert next_question(t, answers, None).id == "role"
    answers["role"] = teacher
    assert next_question(t, answers, "role").id == "young"
    answers["young"] = True
    assert next_question(t, answers, "young").id == "mentor"
    answers["mentor"] = False
    assert next_question(t, answers, "mentor").id == "last"
    assert previous_question(t, answers, "last").id == "mentor"
    assert previous_question(t, answers, "role") is None
    assert missing(t, answers) == [t.question("last")]
    answers["last"] = 12
    assert next_question(t, answers, "last") is None
    assert missing(t, answers) == []

    # Back to "young", answered otherwise: the mentor branch is gone.
    answers["useful"] = 5  # an answer from an earlier path
    answers["young"] = False
    assert next_question(t, answers, "young").id == "last"
    # "after" may be a question just hidden: the template's order decides.
    assert next_question(t, answers, "mentor").id == "last"
    assert previous_question(t, answers, "last").id == "young"
    assert prune(t, answers) == {"role": teacher, "young": False, "last": 12}
    assert prune(t, {"role": teacher, "ghost": 1, "last": None}) == {"role": teacher}
    assert first_unanswered(t, {}) == t.question("role")
    assert first_unanswered(t, {"role": teacher, "young": True}) == t.question("mentor")
    assert first_unanswered(t, answers) is None
    with pytest.raises(KeyError):
        next_question(t, answers, "ghost")


def test_missing_counts_required_visible_and_incomplete_answers() -> None:
    t = load_template(BRANCHING, "b.yaml")
    assert _ids(missing(t, {})) == ["role", "young", "last"]
    answers = {
        "role": {"chosen": ["teacher"], "other": None},
        "young": True,
        "mentor": True,
        "last": 3,
    }
    assert _ids(missing(t, answers)) == ["useful"]
    answers["useful"] = 1
    assert missing(t, answers) == []  # "either" is optional
    assert _ids(missing(t, {**answers, "role": {"chosen": [], "other": None}})) == ["role"]


def test_conditions_on_multi_scale_and_number() -> None:
    t = load_template(
        _yaml(
            """
            questions:
              - id: m
                type: multi
                text: M
                options: [{id: a, text: A}, {id: b, text: B}, {id: other, text: Другое}]
              - {id: s, type: scale, text: S}
              - {id: n, type: number, text: N}
              - {id: if_b, type: yesno, text: X, show_if: {question: m, equals: b}}
              - {id: if_any, type: yesno, text: X, show_if: {question: m, one_of: [a, other]}}
              - {id: if_4, type: yesno, text: X, show_if: {question: s, equals: 4}}
              - {id: if_n, type: yesno, text: X, show_if: {question: n, one_of: [2.5, 10]}}
            """
        ),
        "c.yaml",
    )
    answers = {"m": {"chosen": ["a", "b"], "other": None}, "s": 4, "n": 2.5}
    assert _ids(visible(t, answers))[3:] == ["if_b", "if_any", "if_4", "if_n"]
    answers = {"m": {"chosen": ["other"], "other": "своё"}, "s": 3, "n": 10}
    assert _ids(visible(t, answers))[3:] == ["if_any", "if_n"]
    # «Другое» chosen without its text is no answer yet: no condition on it holds.
    answers = {"m": {"chosen": ["other"], "other": None}}
    assert _ids(visible(t, answers)) == ["m", "s", "n"]


# ---------------------------------------------------------------- typed answers


def _question(body: str):
    return load_template(_yaml(f"questions:\n  - {body}\n"), "q.yaml").questions[0]


def _refused(question, raw: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        parse_text(question, raw, TODAY)
    return caught.value


def test_parse_text_and_longtext() -> None:
    short = _question("{id: q, type: text, text: T}")
    long = _question("{id: q, type: longtext, text: T}")
    assert parse_text(short, "  Математика ", TODAY) == "Математика"
    assert parse_text(long, "a" * 2000, TODAY) == "a" * 2000
    error = _refused(long, "a" * 2001)
    assert (error.key, error.params) == ("survey-error-too-long", {"limit": 2000, "length": 2001})
    assert "2\xa0001 символ," in RU(error.key, **error.params)
    assert "2\xa0000 символов" in RU(error.key, **error.params)
    error = _refused(short, "a" * 301)
    assert error.params == {"limit": 300, "length": 301}
    assert _refused(short, "   ").key == "survey-error-empty"
    assert _refused(long, "").key == "survey-error-empty"


def test_parse_number() -> None:
    q = _question("{id: q, type: number, text: T, min: 0, max: 40}")
    assert parse_text(q, "12,5", TODAY) == 12.5
    assert parse_text(q, "12.5", TODAY) == 12.5
    assert parse_text(q, " 7 ", TODAY) == 7
    assert isinstance(parse_text(q, "7", TODAY), int)
    assert parse_text(q, "40", TODAY) == 40
    assert parse_text(q, "0", TODAY) == 0
    for raw in ("двенадцать", "12 лет", "1e3", "12,5,1", "--1", "nan"):
        error = _refused(q, raw)
        assert error.key == "survey-error-not-a-number", raw
    error = _refused(q, "41")
    assert error.key == "survey-error-out-of-range"
    assert RU(error.key, **error.params) == "Число должно быть от 0 до 40."
    assert EN(error.key, **error.params) == "The number must be from 0 to 40."
    assert _refused(q, "-1").key == "survey-error-out-of-range"
    low = _question("{id: q, type: number, text: T, min: 1.5}")
    error = _refused(low, "1,25")
    assert RU(error.key, **error.params) == "Число должно быть не меньше 1,5."
    free = _question("{id: q, type: number, text: T}")
    assert parse_text(free, "1 000 000", TODAY) == 1_000_000
    assert parse_text(free, "-3,75", TODAY) == -3.75
    assert _refused(free, "").key == "survey-error-empty"


def test_parse_scale_typed_as_a_number() -> None:
    q = _question("{id: q, type: scale, text: T}")
    assert parse_text(q, "4", TODAY) == 4
    for raw in ("0", "6", "2,5"):
        error = _refused(q, raw)
        assert error.key == "survey-error-out-of-range"
        assert RU(error.key, **error.params) == "Число должно быть от 1 до 5."
    assert _refused(q, "хорошо").key == "survey-error-not-a-number"


def test_parse_date() -> None:
    q = _question("{id: q, type: date, text: T}")
    assert parse_text(q, "25.10.2026", TODAY) == "2026-10-25"
    assert parse_text(q, "25.10", TODAY) == "2026-10-25"
    assert parse_text(q, "5.3.25", TODAY) == "2025-03-05"
    assert parse_text(q, "01.09.2019", TODAY) == "2019-09-01"
    assert parse_text(q, "Сегодня", TODAY) == "2026-10-14"
    assert parse_text(q, "вчера", TODAY) == "2026-10-13"
    assert parse_text(q, "today", TODAY) == "2026-10-14"
    for raw in ("31.02.2026", "завтрак", "32.01", "25.13", "сегодня утром", "1.1.1800", "2026"):
        error = _refused(q, raw)
        assert error.key == "survey-error-not-a-date", raw
    assert RU(error.key, **error.params) == (
        "Не понял дату. Напишите, например: 14.10.2026, 14.10 или «сегодня»."
    )
    assert _refused(q, " ").key == "survey-error-empty"


def test_buttons_are_not_typed() -> None:
    q = _question("{id: q, type: yesno, text: T}")
    assert _refused(q, "да").key == "survey-error-use-buttons"


# ---------------------------------------------------------------- pressed answers

MULTI = (
    "{id: q, type: multi, text: T, max_choices: 2, "
    "options: [{id: a, text: Альфа}, {id: b, text: Бета}, {id: c, text: Гамма}, "
    "{id: other, text: Другое}]}"
)


def test_choose_toggles_multi_within_max_choices() -> None:
    q = _question(MULTI)
    value = choose(q, None, "b")
    assert value == {"chosen": ["b"], "other": None}
    value = choose(q, value, "a")
    assert value == {"chosen": ["a", "b"], "other": None}  # in the order of the options
    with pytest.raises(DomainError) as caught:
        choose(q, value, "c")
    assert caught.value.key == "survey-error-too-many-choices"
    assert RU(caught.value.key, **caught.value.params).startswith(
        "Можно выбрать не больше 2 вариантов."
    )
    value = choose(q, value, "a")
    assert value == {"chosen": ["b"], "other": None}
    value = choose(q, value, OTHER)
    assert needs_other(q, value)
    assert not is_answered(q, value)
    value = set_other(q, value, "  своё ")
    assert value == {"chosen": ["b", "other"], "other": "своё"}
    assert is_answered(q, value)
    assert format_answer(q, value, RU) == "Бета; Другое: своё"
    value = choose(q, value, OTHER)  # unticked: its text goes too
    assert value == {"chosen": ["b"], "other": None}
    with pytest.raises(DomainError) as caught:
        choose(q, value, "zz")
    assert caught.value.key == "survey-error-no-such-option"
    with pytest.raises(DomainError) as caught:
        set_other(q, value, "x" * 301)
    assert caught.value.key == "survey-error-too-long"


def test_choose_single_yesno_scale() -> None:
    single = _question(
        "{id: q, type: single, text: T, options: [{id: a, text: A}, {id: other, text: Другое}]}"
    )
    assert choose(single, None, "a") == {"chosen": ["a"], "other": None}
    value = set_other(single, choose(single, None, "a"), "моё")
    assert value == {"chosen": ["other"], "other": "моё"}
    assert choose(single, value, "a") == {"chosen": ["a"], "other": None}
    assert choose(single, value, OTHER) == value  # the text given before is kept
    assert format_answer(single, value, EN) == "Другое: моё"

    yesno = _question("{id: q, type: yesno, text: T}")
    assert choose(yesno, None, "yes") is True
    assert choose(yesno, True, "no") is False
    assert format_answer(yesno, False, RU) == "Нет"
    assert choices(yesno, RU) == [("yes", "Да"), ("no", "Нет")]

    scale = _question("{id: q, type: scale, text: T, low_label: плохо, high_label: отлично}")
    assert choose(scale, None, "5") == 5
    for bad in ("0", "6", "10"):
        with pytest.raises(DomainError) as caught:
            choose(scale, None, bad)
        assert caught.value.key == "survey-error-out-of-range"
    assert [c for c, _ in choices(scale, RU)] == ["1", "2", "3", "4", "5"]
    assert format_answer(scale, 5, RU) == "5 из 5 (отлично)"
    assert format_answer(scale, 3, EN) == "3 of 5"

    text = _question("{id: q, type: text, text: T}")
    with pytest.raises(DomainError) as caught:
        choose(text, None, "a")
    assert caught.value.key == "survey-error-type-answer"


def test_format_answer() -> None:
    number = _question("{id: q, type: number, text: T}")
    assert format_answer(number, 12.5, RU) == "12,5"
    assert format_answer(number, 1960, RU) == "1960"
    assert format_answer(number, 12.5, EN) == "12.5"
    day = _question("{id: q, type: date, text: T}")
    assert format_answer(day, "2026-10-25", RU) == "25.10.2026"
    text = _question("{id: q, type: text, text: T}")
    assert format_answer(text, "привет", RU) == "привет"
    assert format_answer(text, None, RU) == "— нет ответа"
    assert format_answer(text, None, EN) == "— no answer"
