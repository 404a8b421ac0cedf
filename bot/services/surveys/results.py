"""The results of a survey: response rate, distributions, the diagnostics, waves, exports.

A methodologist sees every survey whole; a coordinator sees its organisation's part (the
units of its organisation, the responses with its organisation). Nothing else may look.

Anonymity: for an anonymous survey no breakdown shows a group of fewer than
:data:`MIN_GROUP` respondents — such a cell says «< 3» (:data:`HIDDEN`) in text, charts,
XLSX and CSV; no names are shown anywhere; free texts are shuffled. The response rate
comes from the deadline (who owed and who handed in), never from the answers.

Counting happens in the database: each handed-in response is also stored one row per answer
(``survey_answers``, see ``answers.counted``), and the results are GROUP BY counts over it;
only the exports read the responses themselves, in batches, row by row.
"""

from __future__ import annotations

import csv
import io
import math
import random
import statistics
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from html import escape
from typing import Any

from bot.clock import Clock
from bot.i18n import Gettext, Translator
from bot.services.errors import NotAllowed, NotFound
from bot.services.exports import Book, Sheet
from bot.services.exports.charts import Painter, bars
from bot.services.exports.xlsx import Value, is_formula_like
from bot.services.people import MemberInfo
from bot.services.surveys.answers import format_answer
from bot.services.surveys.model import (
    CHOICE_TYPES,
    SCALE_MAX,
    SCALE_MIN,
    Measure,
    Question,
    QuestionType,
    Template,
)
from bot.storage.models import Role, Survey, SurveyStatus
from bot.storage.repositories import Repo
from bot.storage.survey_results import Coverage

HIDDEN = "< 3"
MIN_GROUP = 3
DIFFICULT = 4  # a difficulty from this on is "difficult"
STRONG = 4  # a strength from this on could lead a master class
TOP_AREAS = 3
CARD_LINES = 12
TEXT_LIMIT = 3500  # characters of a text answer shown in a message
NUMBER_BINS = 6
LEADERS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class SurveyRow:
    id: int
    title: str
    wave: int
    closed: bool
    submitted: int
    total: int


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    answered: int
    cells: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AreaResult:
    area: str
    rated: int  # respondents who rated its difficulty
    difficulty: float | None
    difficult: int  # of them, 4 or 5
    strength_rated: int
    strength: float | None
    strong: int  # strength 4 or 5
    leaders: list[str] = field(default_factory=list)  # named surveys only

    @property
    def share(self) -> float | None:
        return self.difficult / self.rated if self.rated else None


@dataclass(frozen=True, slots=True)
class Results:
    survey_id: int
    title: str
    wave: int
    anonymous: bool
    closed: bool
    template: Template
    organisation_id: int | None  # the coordinator's scope (None: the whole municipality)
    coverage: list[Coverage]
    per_organisation: dict[int | None, int]  # responses per organisation
    questions: list[QuestionResult]
    areas: list[AreaResult]
    deficits: list[tuple[str, int, list[AreaResult]]]  # per organisation: name, responses, top
    organisations: dict[int, str]
    has_previous: bool

    @property
    def submitted(self) -> int:
        return sum(c.submitted for c in self.coverage)

    @property
    def responded(self) -> int:
        """The responses counted (of the coordinator's organisation, for a coordinator)."""
        return sum(self.per_organisation.values())

    @property
    def total(self) -> int:
        return sum(c.total for c in self.coverage)

    def count(self, n: int) -> str:
        """A count as shown: «< 3» for a group of 1–2 respondents of an anonymous survey."""
        return HIDDEN if self.anonymous and 0 < n < MIN_GROUP else str(n)

    def count_h(self, n: int) -> str:
        """:meth:`count` for an HTML message."""
        return _escape(self.count(n))

    def hides(self, n: int) -> bool:
        return self.anonymous and n < MIN_GROUP


@dataclass(frozen=True, slots=True)
class Comparison:
    this: Results
    previous: Results
    # per area: (area, this mean, this share, previous mean, previous share) — None if hidden
    areas: list[tuple[str, float | None, float | None, float | None, float | None]]
    # per scale question: (question, this mean, previous mean)
    scales: list[tuple[Question, float | None, float | None]]


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _number(value: float | None) -> str:
    if value is None:
        return HIDDEN
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text.replace(".", ",")


def _share(value: float | None) -> str:
    return HIDDEN if value is None else f"{round(100 * value)}%"


def _number_h(value: float | None) -> str:
    return escape(_number(value), quote=False)


def _share_h(value: float | None) -> str:
    return escape(_share(value), quote=False)


class SurveyResults:
    def __init__(self, repo: Repo, clock: Clock, translator: Translator, tz: tzinfo) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz

    # ------------------------------------------------------------ who may look

    @staticmethod
    def scope(actor: MemberInfo | None) -> int | None:
        """None for the whole municipality (a methodologist), the organisation's id for its
        coordinator; ``NotAllowed`` for anyone else."""
        if actor is None or not actor.is_active:
            raise NotAllowed()
        if actor.role is Role.METHODOLOGIST:
            return None
        if actor.role is Role.COORDINATOR and actor.organisation_id is not None:
            return actor.organisation_id
        raise NotAllowed()

    async def surveys(self, actor: MemberInfo | None) -> list[SurveyRow]:
        """The surveys the actor may see, newest first, with their response rate."""
        scope = self.scope(actor)
        surveys = await self.repo.survey_results.listed(scope)
        coverage = await self.repo.survey_results.coverage(
            [s.deadline_id for s in surveys if s.deadline_id is not None], scope
        )
        rows = []
        for survey in surveys:
            cov = coverage.get(survey.deadline_id or -1, [])
            rows.append(
                SurveyRow(
                    survey.id,
                    survey.title,
                    survey.wave,
                    self._closed(survey),
                    sum(c.submitted for c in cov),
                    sum(c.total for c in cov),
                )
            )
        return rows

    def _closed(self, survey: Survey) -> bool:
        return survey.status is SurveyStatus.CLOSED or survey.closes_at <= self.clock.now()

    async def _survey(self, actor: MemberInfo | None, survey_id: int) -> tuple[Survey, int | None]:
        scope = self.scope(actor)
        survey = await self.repo.survey_results.get(survey_id)
        if survey is None:
            raise NotFound("survey-results-gone")
        if scope is not None and survey.id not in {
            s.id for s in await self.repo.survey_results.listed(scope)
        }:
            raise NotFound("survey-results-gone")
        return survey, scope

    # ------------------------------------------------------------ counting

    async def results(self, actor: MemberInfo | None, survey_id: int, i18n: Gettext) -> Results:
        survey, scope = await self._survey(actor, survey_id)
        return await self._results(survey, scope, i18n)

    async def _results(self, survey: Survey, scope: int | None, i18n: Gettext) -> Results:
        template = Template.from_dict(survey.spec, f"survey-{survey.id}")
        anonymous = survey.anonymous
        coverage = (
            (await self.repo.survey_results.coverage([survey.deadline_id], scope)).get(
                survey.deadline_id, []
            )
            if survey.deadline_id is not None
            else []
        )
        store = self.repo.survey_results
        per_org = await store.response_counts(survey.id, scope)
        names = await store.organisation_names(sorted(o for o in per_org if o is not None))
        tallies = await self._tallies(survey.id, scope, template, anonymous)
        questions = [_question(q, tallies[q.id], i18n) for q in template.questions]
        area_ids = _area_questions(template)
        leaders: dict[str, list[str]] = {}
        if area_ids and not anonymous:
            strength_ids = [ids[Measure.STRENGTH.value] for ids in area_ids.values()]
            for qid, name in await store.names_at_least(
                survey.id, [i for i in strength_ids if i], STRONG, scope
            ):
                leaders.setdefault(qid, []).append(name)
        areas = _areas(area_ids, tallies, leaders)
        deficits: list[tuple[str, int, list[AreaResult]]] = []
        if areas:
            # Each organisation's top areas: its difficulties counted per organisation.
            difficulty = [ids[Measure.DIFFICULTY.value] for ids in area_ids.values()]
            by_org: dict[int | None, dict[str, _Tally]] = {o: {} for o in per_org}
            for row in await store.counts_by_organisation(
                survey.id, [i for i in difficulty if i], scope
            ):
                tally = by_org.setdefault(row.organisation_id, {}).setdefault(
                    row.question_id, _Tally()
                )
                tally.add(row.choice, row.number, row.count)
            for org_id in sorted(per_org, key=lambda o: (names.get(o or -1, ""), o or 0)):
                own = _areas(area_ids, by_org[org_id], {})
                deficits.append((names.get(org_id or -1, "—"), per_org[org_id], _top(own)))
        previous = await self.repo.survey_results.previous_wave(survey)
        return Results(
            survey_id=survey.id,
            title=survey.title,
            wave=survey.wave,
            anonymous=anonymous,
            closed=self._closed(survey),
            template=template,
            organisation_id=scope,
            coverage=coverage,
            per_organisation=per_org,
            questions=questions,
            areas=areas,
            deficits=deficits,
            organisations=names,
            has_previous=previous is not None,
        )

    async def _tallies(
        self, survey_id: int, scope: int | None, template: Template, anonymous: bool
    ) -> dict[str, _Tally]:
        """Per question what the database counted (``survey_answers``); the free texts (and
        «Другое») in the order handed in — shuffled for an anonymous survey."""
        store = self.repo.survey_results
        tallies = {q.id: _Tally() for q in template.questions}
        for row in await store.answer_counts(survey_id, scope):
            if row.question_id in tallies:
                tallies[row.question_id].add(row.choice, row.number, row.count)
        dates = [q.id for q in template.questions if q.type is QuestionType.DATE]
        for qid, text, count in await store.text_counts(survey_id, dates, scope):
            tallies[qid].days[text] += count
        with_texts = [
            q.id
            for q in template.questions
            if q.type in (QuestionType.TEXT, QuestionType.LONGTEXT) or q.type in CHOICE_TYPES
        ]
        for qid, text in await store.texts(survey_id, with_texts, scope):
            tallies[qid].texts.append(text.strip())
        if anonymous:
            for tally in tallies.values():
                random.shuffle(tally.texts)
        return tallies

    async def comparison(
        self, actor: MemberInfo | None, survey_id: int, i18n: Gettext
    ) -> Comparison:
        """This wave and the previous one of the same template, side by side."""
        survey, scope = await self._survey(actor, survey_id)
        previous = await self.repo.survey_results.previous_wave(survey)
        if previous is None:
            raise NotFound("survey-results-no-previous")
        this = await self._results(survey, scope, i18n)
        before = await self._results(previous, scope, i18n)
        old_areas = {a.area: a for a in before.areas}
        areas = []
        for area in this.areas:
            old = old_areas.get(area.area)
            areas.append(
                (
                    area.area,
                    _mean_shown(area.difficulty, area.rated, this.anonymous),
                    None if this.hides(area.rated) else area.share,
                    _mean_shown(old.difficulty, old.rated, before.anonymous) if old else None,
                    None if old is None or before.hides(old.rated) else old.share,
                )
            )
        old_questions = {q.question.id: q for q in before.questions}
        scales = []
        for result in this.questions:
            if result.question.type is not QuestionType.SCALE:
                continue
            old_q = old_questions.get(result.question.id)
            scales.append(
                (
                    result.question,
                    _mean_shown(result.mean, result.answered, this.anonymous),
                    _mean_shown(old_q.mean, old_q.answered, before.anonymous) if old_q else None,
                )
            )
        return Comparison(this, before, areas, scales)

    # ------------------------------------------------------------ text

    def card(self, results: Results, i18n: Gettext) -> str:
        lines = [
            i18n("survey-results-card-title", title=_escape(results.title), wave=results.wave),
            i18n(
                "survey-results-rate",
                submitted=results.submitted,
                total=results.total,
                percent=percent(results.submitted, results.total),
            ),
        ]
        if results.closed:
            lines.append(i18n("survey-results-closed"))
        if results.anonymous:
            lines.append(i18n("survey-results-anonymous"))
        if results.areas:
            lines.append("")
            lines.append(i18n("survey-results-deficits"))
            for area in _top(results.areas):
                lines.append(self._area_line(area, results, i18n))
            strengths = _strengths(results.areas)
            if strengths:
                lines.append(i18n("survey-results-strengths"))
                for area in strengths:
                    lines.append(
                        i18n(
                            "survey-results-strength-line",
                            area=i18n(f"competence-{area.area}"),
                            count=results.count_h(area.strong),
                        )
                    )
                    if area.leaders and not results.anonymous:
                        names = ", ".join(area.leaders[:LEADERS_SHOWN])
                        if len(area.leaders) > LEADERS_SHOWN:
                            names += ", …"
                        lines.append("  " + i18n("survey-results-leaders") + " " + _escape(names))
        lines.append("")
        shown = 0
        for result in results.questions:
            if result.question.area is not None:
                continue
            if shown >= CARD_LINES:
                lines.append("…")
                break
            lines.append(self._question_line(result, results, i18n))
            shown += 1
        return "\n".join(lines)

    def _area_line(self, area: AreaResult, results: Results, i18n: Gettext) -> str:
        return i18n(
            "survey-results-area-line",
            area=i18n(f"competence-{area.area}"),
            mean=_number_h(_mean_shown(area.difficulty, area.rated, results.anonymous)),
            share=_share_h(None if results.hides(area.rated) else area.share),
        )

    def _question_line(self, result: QuestionResult, results: Results, i18n: Gettext) -> str:
        return i18n(
            "survey-results-question-line",
            question=_escape(_clip(result.question.text, 80)),
            summary=self._brief(result, results, i18n, html=True),
        )

    def _brief(self, result: QuestionResult, results: Results, i18n: Gettext, *, html: bool) -> str:
        """A question's result in a few words (for an HTML message, or plain for a file)."""
        count = results.count_h if html else results.count
        number = _number_h if html else _number
        kind = result.question.type
        if result.answered == 0:
            return i18n("survey-results-no-answers")
        if kind in (QuestionType.TEXT, QuestionType.LONGTEXT):
            return i18n("survey-results-texts", count=count(result.answered))
        if kind in (QuestionType.SCALE, QuestionType.NUMBER):
            mean = _mean_shown(result.mean, result.answered, results.anonymous)
            return i18n("survey-results-mean", mean=number(mean))
        label, top = max(result.cells, key=lambda c: c[1])
        label = _clip(label, 60)
        return i18n(
            "survey-results-top-answer",
            answer=_escape(label) if html else label,
            count=count(top),
        )

    def details(self, results: Results, i18n: Gettext) -> list[str]:
        """Per question a text: its distribution, statistics or free texts."""
        out = []
        for result in results.questions:
            lines = [f"<b>{_escape(result.question.text)}</b>"]
            lines.append(i18n("survey-results-answered", count=results.count_h(result.answered)))
            for label, count in result.cells:
                lines.append(f"• {_escape(label)}: {results.count_h(count)}")
            if result.question.type is QuestionType.NUMBER and result.answered:
                hide = results.hides(result.answered)
                lines.append(
                    i18n(
                        "survey-results-number-stats",
                        mean=_number_h(None if hide else result.mean),
                        median=_number_h(None if hide else result.median),
                        min=_number_h(None if hide else result.minimum),
                        max=_number_h(None if hide else result.maximum),
                    )
                )
            elif result.question.type is QuestionType.SCALE and result.answered:
                lines.append(
                    i18n(
                        "survey-results-mean",
                        mean=_number_h(
                            _mean_shown(result.mean, result.answered, results.anonymous)
                        ),
                    )
                )
            texts = _texts_shown(result, results)
            for text in texts:
                lines.append("— " + _escape(_clip(text, 500)))
            if result.texts and not texts:
                lines.append(i18n("survey-results-texts-hidden"))
            out.append(_join(lines))
        return out

    def by_organisation(self, results: Results, i18n: Gettext) -> str:
        lines = [i18n("survey-results-by-org-title", title=_escape(results.title))]
        for cov in results.coverage:
            lines.append(
                i18n(
                    "survey-results-org-rate",
                    organisation=_escape(cov.organisation)
                    if cov.organisation
                    else i18n("survey-results-municipal"),
                    submitted=cov.submitted,
                    total=cov.total,
                    percent=percent(cov.submitted, cov.total),
                )
            )
        if results.deficits:
            lines.append("")
            lines.append(i18n("survey-results-org-deficits"))
            for name, count, top in results.deficits:
                if results.hides(count):
                    lines.append(i18n("survey-results-org-hidden", organisation=_escape(name)))
                    continue
                areas = ", ".join(i18n(f"competence-{a.area}") for a in top)
                lines.append(
                    i18n("survey-results-org-top", organisation=_escape(name), areas=areas or "—")
                )
        return _join(lines)

    def comparison_text(self, cmp: Comparison, i18n: Gettext) -> str:
        lines = [
            i18n(
                "survey-results-compare-title",
                title=_escape(cmp.this.title),
                wave=cmp.this.wave,
                previous=cmp.previous.wave,
            )
        ]
        for area, mean, share, old_mean, old_share in cmp.areas:
            lines.append(
                i18n(
                    "survey-results-compare-area",
                    area=i18n(f"competence-{area}"),
                    mean=_number_h(mean),
                    share=_share_h(share),
                    old_mean=_number_h(old_mean),
                    old_share=_share_h(old_share),
                )
            )
        scales = [s for s in cmp.scales if s[0].area is None]
        if scales:
            lines.append("")
            for question, mean, old in scales:
                lines.append(
                    i18n(
                        "survey-results-compare-scale",
                        question=_escape(_clip(question.text, 80)),
                        mean=_number_h(mean),
                        old_mean=_number_h(old),
                    )
                )
        return _join(lines)

    # ------------------------------------------------------------ charts

    def charts(self, results: Results, i18n: Gettext) -> list[tuple[str, bytes]]:
        """(caption, PNG) per question with a distribution, then the diagnostics chart."""
        out = []
        painter = Painter()
        for result in results.questions:
            if not result.cells:
                continue
            values = [0 if results.hides(n) and n else n for _, n in result.cells]
            shown = [results.count(n) for _, n in result.cells]
            png = painter.bars(
                result.question.text,
                [label for label, _ in result.cells],
                [("", values, shown)],
            )
            out.append((_clip(result.question.text, 900), png))
        if results.areas:
            out.append(
                (i18n("survey-results-chart-areas"), self.areas_chart(results, i18n, painter))
            )
        return out

    def areas_chart(self, results: Results, i18n: Gettext, painter: Painter | None = None) -> bytes:
        labels = [i18n(f"competence-{a.area}") for a in results.areas]
        difficulty = [_mean_shown(a.difficulty, a.rated, results.anonymous) for a in results.areas]
        strength = [
            _mean_shown(a.strength, a.strength_rated, results.anonymous) for a in results.areas
        ]
        return (painter or Painter()).bars(
            i18n("survey-results-chart-areas"),
            labels,
            [
                (
                    i18n("survey-results-chart-difficulty"),
                    [v or 0 for v in difficulty],
                    [_number(v) for v in difficulty],
                ),
                (
                    i18n("survey-results-chart-strength"),
                    [v or 0 for v in strength],
                    [_number(v) for v in strength],
                ),
            ],
            limit=SCALE_MAX,
        )

    def comparison_chart(self, cmp: Comparison, i18n: Gettext) -> bytes:
        labels = [i18n(f"competence-{area}") for area, *_ in cmp.areas]
        this = [mean for _, mean, _, _, _ in cmp.areas]
        before = [old for _, _, _, old, _ in cmp.areas]
        if not labels:  # no diagnostics: the scale questions
            labels = [q.text for q, _, _ in cmp.scales]
            this = [m for _, m, _ in cmp.scales]
            before = [o for _, _, o in cmp.scales]
        return bars(
            i18n("survey-results-chart-waves"),
            labels,
            [
                (
                    i18n("survey-results-wave", wave=cmp.this.wave),
                    [v or 0 for v in this],
                    [_number(v) for v in this],
                ),
                (
                    i18n("survey-results-wave", wave=cmp.previous.wave),
                    [v or 0 for v in before],
                    [_number(v) for v in before],
                ),
            ],
            limit=SCALE_MAX,
        )

    # ------------------------------------------------------------ exports

    async def xlsx(self, results: Results, i18n: Gettext) -> bytes:
        """The summary, the diagnostics, a sheet per question and the responses, one a row
        (read from the database in batches and written as they come)."""
        book = Book()
        book.add(self._summary(results, i18n))
        if results.areas:
            book.add(self._areas_sheet(results, i18n))
        for n, result in enumerate(results.questions, start=1):
            book.add(self._question_sheet(n, result, results, i18n))
        sheet = book.stream(i18n("survey-results-sheet-responses"), self._header(results, i18n))
        async for rows in self._rows(results, i18n):
            sheet.extend(rows)
        return book.save()

    async def csv(self, results: Results, i18n: Gettext) -> bytes:
        """The responses, one a row: UTF-8 with a BOM, ";" between cells, no formula starts."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([_csv_cell(h) for h in self._header(results, i18n)])
        async for rows in self._rows(results, i18n):
            writer.writerows([_csv_cell(v) for v in row] for row in rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def _summary(self, results: Results, i18n: Gettext) -> Sheet:
        rows: list[list[Value]] = []
        for cov in results.coverage:
            rows.append(
                [
                    cov.organisation or i18n("survey-results-municipal"),
                    cov.submitted,
                    cov.total,
                    f"{percent(cov.submitted, cov.total)}%",
                ]
            )
        rows.append([])
        rows.append(
            [
                i18n("survey-results-col-question"),
                i18n("survey-results-col-answered"),
                i18n("survey-results-col-summary"),
            ]
        )
        for result in results.questions:
            rows.append(
                [
                    result.question.text,
                    results.count(result.answered),
                    self._brief(result, results, i18n, html=False),
                ]
            )
        preamble: list[list[Value]] = [
            [results.title],
            [i18n("survey-results-wave", wave=results.wave)],
            [
                i18n("survey-results-col-rate"),
                results.submitted,
                results.total,
                f"{percent(results.submitted, results.total)}%",
            ],
            [],
        ]
        return Sheet(
            i18n("survey-results-sheet-summary"),
            [
                i18n("survey-results-col-organisation"),
                i18n("survey-results-col-submitted"),
                i18n("survey-results-col-total"),
                i18n("survey-results-col-percent"),
            ],
            rows,
            preamble=preamble,
        )

    def _areas_sheet(self, results: Results, i18n: Gettext) -> Sheet:
        header = [
            i18n("survey-results-col-area"),
            i18n("survey-results-col-difficulty"),
            i18n("survey-results-col-difficult-share"),
            i18n("survey-results-col-strength"),
            i18n("survey-results-col-strong"),
        ]
        if not results.anonymous:
            header.append(i18n("survey-results-col-leaders"))
        rows: list[list[Value]] = []
        for area in results.areas:
            row: list[Value] = [
                i18n(f"competence-{area.area}"),
                _cell(_mean_shown(area.difficulty, area.rated, results.anonymous)),
                _share(None if results.hides(area.rated) else area.share),
                _cell(_mean_shown(area.strength, area.strength_rated, results.anonymous)),
                results.count(area.strong),
            ]
            if not results.anonymous:
                row.append(", ".join(area.leaders))
            rows.append(row)
        return Sheet(i18n("survey-results-sheet-areas"), header, rows)

    def _question_sheet(
        self, n: int, result: QuestionResult, results: Results, i18n: Gettext
    ) -> Sheet:
        title = f"{n}. {result.question.text}"
        preamble: list[list[Value]] = [
            [result.question.text],
            [i18n("survey-results-col-answered"), results.count(result.answered)],
        ]
        if result.question.type is QuestionType.NUMBER:
            hide = results.hides(result.answered)
            rows: list[list[Value]] = [
                [i18n("survey-results-col-mean"), _cell(None if hide else result.mean)],
                [i18n("survey-results-col-median"), _cell(None if hide else result.median)],
                [i18n("survey-results-col-min"), _cell(None if hide else result.minimum)],
                [i18n("survey-results-col-max"), _cell(None if hide else result.maximum)],
            ]
            return Sheet(
                title,
                [i18n("survey-results-col-measure"), i18n("survey-results-col-value")],
                rows,
                preamble=preamble,
            )
        if result.cells:
            rows = [
                [
                    label,
                    results.count(count),
                    HIDDEN if results.hides(count) and count else percent(count, result.answered),
                ]
                for label, count in result.cells
            ]
            if result.question.type is QuestionType.SCALE:
                mean = _mean_shown(result.mean, result.answered, results.anonymous)
                rows.append([i18n("survey-results-col-mean"), _cell(mean), None])
            for text in _texts_shown(result, results):
                rows.append([text, None, None])
            return Sheet(
                title,
                [
                    i18n("survey-results-col-answer"),
                    i18n("survey-results-col-count"),
                    i18n("survey-results-col-percent"),
                ],
                rows,
                preamble=preamble,
            )
        texts = _texts_shown(result, results)
        rows = [[text] for text in texts]
        if result.texts and not texts:
            rows = [[HIDDEN]]
        return Sheet(title, [i18n("survey-results-col-answer")], rows, preamble=preamble)

    @staticmethod
    def _with_organisation(results: Results) -> bool:
        """An anonymous survey shows no organisation when any has fewer than three responses."""
        return not results.anonymous or all(
            n >= MIN_GROUP for n in results.per_organisation.values()
        )

    def _header(self, results: Results, i18n: Gettext) -> list[str]:
        header = [i18n("survey-results-col-date")]
        if not results.anonymous:
            header.append(i18n("survey-results-col-member"))
        if self._with_organisation(results):
            header.append(i18n("survey-results-col-organisation"))
        header.extend(q.text for q in results.template.questions)
        return header

    async def _rows(self, results: Results, i18n: Gettext) -> AsyncIterator[list[list[Value]]]:
        """One row per response (the columns of :meth:`_header`), in batches as they are
        read. An anonymous survey's rows show no member, only the day, and come in the
        order of the responses' random ids, not in the order handed in."""
        anonymous = results.anonymous
        with_org = self._with_organisation(results)
        questions = results.template.questions
        organisations = results.organisations
        values = _ExportValues(questions, i18n)
        async for batch in self.repo.survey_results.responses(
            results.survey_id, results.organisation_id, names=not anonymous
        ):
            rows: list[list[Value]] = []
            for response in batch:
                local = response.submitted_at.astimezone(self.tz)
                row: list[Value] = [local.date() if anonymous else local]
                if not anonymous:
                    row.append(response.member or "")
                if with_org:
                    row.append(organisations.get(response.organisation_id or -1, ""))
                row.extend(values.row(response.answers))
                rows.append(row)
            yield rows


# ---------------------------------------------------------------- counting helpers


@dataclass(slots=True)
class _Tally:
    """One question's answers as counted in SQL."""

    answered: int = 0
    values: Counter[float] = field(default_factory=Counter)  # scale, number, yes/no (1, 0)
    chosen: Counter[str] = field(default_factory=Counter)  # option id → responses
    days: Counter[str] = field(default_factory=Counter)  # ISO date → responses
    texts: list[str] = field(default_factory=list)  # texts and «Другое», stripped

    def add(self, choice: str, number: float | None, count: int) -> None:
        if choice:
            self.chosen[choice] += count
            return
        self.answered += count
        if number is not None:
            self.values[number] += count


def _question(question: Question, tally: _Tally, i18n: Gettext) -> QuestionResult:
    kind = question.type
    answered = tally.answered
    if kind in (QuestionType.SINGLE, QuestionType.MULTI):
        cells = [(o.text, tally.chosen[o.id]) for o in question.options]
        return QuestionResult(question, answered, cells, texts=list(tally.texts))
    if kind is QuestionType.SCALE:
        counts = Counter({int(v): n for v, n in tally.values.items()})
        cells = [(str(n), counts[n]) for n in range(SCALE_MIN, SCALE_MAX + 1)]
        mean = _scale_mean(tally.values) if answered else None
        return QuestionResult(question, answered, cells, mean=mean)
    if kind is QuestionType.YESNO:
        yes = tally.values[1.0]
        cells = [(i18n("survey-answer-yes"), yes), (i18n("survey-answer-no"), answered - yes)]
        return QuestionResult(question, answered, cells)
    if kind is QuestionType.NUMBER:
        numbers = list(tally.values.elements())
        if not numbers:
            return QuestionResult(question, 0)
        return QuestionResult(
            question,
            len(numbers),
            _number_bins(numbers),
            mean=statistics.fmean(numbers),
            median=statistics.median(numbers),
            minimum=min(numbers),
            maximum=max(numbers),
        )
    if kind is QuestionType.DATE:
        months: Counter[str] = Counter()
        for value, count in tally.days.items():
            try:
                day = date.fromisoformat(value)
            except (TypeError, ValueError):
                continue
            months[f"{day.month:02d}.{day.year}"] += count
        cells = sorted(months.items(), key=lambda c: (c[0][3:], c[0][:2]))
        return QuestionResult(question, answered, cells)
    return QuestionResult(question, answered, texts=list(tally.texts))


def _number_bins(numbers: list[float]) -> list[tuple[str, int]]:
    distinct = sorted(set(numbers))
    if len(distinct) <= NUMBER_BINS:
        counts = Counter(numbers)
        return [(_number(v), counts[v]) for v in distinct]
    low, high = distinct[0], distinct[-1]
    step = (high - low) / NUMBER_BINS
    edges = [low + step * i for i in range(NUMBER_BINS + 1)]
    counts = Counter(min(int((v - low) / step), NUMBER_BINS - 1) for v in numbers)
    return [(f"{_number(edges[i])}–{_number(edges[i + 1])}", counts[i]) for i in range(NUMBER_BINS)]


def _scale_mean(values: Counter[float]) -> float:
    """The mean of whole values given as value → how many: ``statistics.fmean`` of them all
    (a sum of whole numbers is exact, so the two agree to the last bit)."""
    return math.fsum(v * n for v, n in values.items()) / values.total()


def _area_questions(template: Template) -> dict[str, dict[str, str]]:
    """Area → measure (difficulty, strength) → the id of its scale question."""
    out: dict[str, dict[str, str]] = {}
    for question in template.questions:
        if question.area is not None and question.type is QuestionType.SCALE:
            ids = out.setdefault(
                question.area, {Measure.DIFFICULTY.value: "", Measure.STRENGTH.value: ""}
            )
            ids[question.measure or ""] = question.id
    return out


def _areas(
    questions: dict[str, dict[str, str]],
    tallies: dict[str, _Tally],
    leaders: dict[str, list[str]],
) -> list[AreaResult]:
    out = []
    empty = _Tally()
    for area, ids in questions.items():
        d_id, s_id = ids[Measure.DIFFICULTY.value], ids[Measure.STRENGTH.value]
        hard = tallies.get(d_id, empty).values
        strong = tallies.get(s_id, empty).values
        rated, strength_rated = hard.total(), strong.total()
        out.append(
            AreaResult(
                area=area,
                rated=rated,
                difficulty=_scale_mean(hard) if rated else None,
                difficult=sum(n for v, n in hard.items() if v >= DIFFICULT),
                strength_rated=strength_rated,
                strength=_scale_mean(strong) if strength_rated else None,
                strong=sum(n for v, n in strong.items() if v >= STRONG),
                leaders=sorted(leaders.get(s_id, [])),
            )
        )
    return out


def _top(areas: list[AreaResult]) -> list[AreaResult]:
    rated = [a for a in areas if a.difficulty is not None]
    rated.sort(key=lambda a: (-(a.difficulty or 0), -(a.share or 0), a.area))
    return rated[:TOP_AREAS]


def _strengths(areas: list[AreaResult]) -> list[AreaResult]:
    strong = [a for a in areas if a.strong]
    strong.sort(key=lambda a: (-a.strong, a.area))
    return strong[:TOP_AREAS]


def _mean_shown(mean: float | None, n: int, anonymous: bool) -> float | None:
    """A mean, or None (shown «< 3») when an anonymous survey has too few answers for it."""
    if mean is None or (anonymous and n < MIN_GROUP):
        return None
    return round(mean, 2)


def _texts_shown(result: QuestionResult, results: Results) -> list[str]:
    if results.anonymous and len(result.texts) < MIN_GROUP:
        return []
    return result.texts


class _ExportValues:
    """A response's answers as cells (:func:`_export_value` per question), with a quick way
    for the values that are cells as they are, and the choice answers written out once per
    combination of options (a few dozen repeat over thousands of responses)."""

    def __init__(self, questions: Sequence[Question], i18n: Gettext) -> None:
        self.i18n = i18n
        self.choices: dict[tuple[str, str], Value] = {}
        self.columns = [(q.id, self._converter(q)) for q in questions]

    def row(self, answers: dict[str, Any]) -> list[Value]:
        return [convert(answers.get(qid)) for qid, convert in self.columns]

    def _converter(self, question: Question) -> Callable[[Any], Value]:
        i18n = self.i18n
        if question.type in (QuestionType.SCALE, QuestionType.NUMBER):

            def number(value: Any) -> Value:
                if value is None or isinstance(value, int | float):
                    return value  # type: ignore[no-any-return]
                return _export_value(question, value, i18n)

            return number
        if question.type in CHOICE_TYPES:
            choices = self.choices

            def choice(value: Any) -> Value:
                if not isinstance(value, dict):
                    return _export_value(question, value, i18n)
                key = (question.id, repr(sorted(value.items())))
                if key not in choices:
                    choices[key] = _export_value(question, value, i18n)
                return choices[key]

            return choice
        return lambda value: _export_value(question, value, i18n)


def _export_value(question: Question, value: Any, i18n: Gettext) -> Value:
    if value is None:
        return None
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER) and isinstance(
        value, int | float
    ):
        return value
    if question.type is QuestionType.DATE:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
    if question.type in (QuestionType.TEXT, QuestionType.LONGTEXT):
        return str(value)
    return format_answer(question, value, i18n)


def _cell(value: float | None) -> Value:
    return HIDDEN if value is None else value


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    if isinstance(value, str) and is_formula_like(text):
        return "'" + text
    return text


def _join(lines: list[str]) -> str:
    """Lines of a message, as many whole ones as fit (a cut line could break its HTML)."""
    out: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > TEXT_LIMIT:
            out.append("…")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(text: str) -> str:
    return escape(text, quote=False)
