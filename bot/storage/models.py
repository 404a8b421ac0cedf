"""The database schema. Plain declarations only: queries live in repositories."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class OrganisationKind(enum.StrEnum):
    SCHOOL = "school"
    KINDERGARTEN = "kindergarten"
    ADDITIONAL = "additional"


class AssociationLevel(enum.StrEnum):
    SCHOOL = "school"  # ШМО
    MUNICIPAL = "municipal"  # ГМО
    DISTRICT = "district"  # РМО


class Role(enum.StrEnum):
    METHODOLOGIST = "methodologist"
    COORDINATOR = "coordinator"
    HEAD = "head"
    TEACHER = "teacher"


class BindingKind(enum.StrEnum):
    HEADS_ALL = "heads_all"
    HEADS_LEVEL = "heads_level"
    ASSOCIATION = "association"
    ORGANISATION = "organisation"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    """An enum stored as its value in a VARCHAR with a CHECK: the same on both databases."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Organisation(Base):
    """An educational organisation (ОО): a school, a kindergarten or additional education."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[OrganisationKind] = mapped_column(_enum(OrganisationKind, "organisation_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (UniqueConstraint("name"),)


class Association(Base):
    """A methodological association: school ШМО, municipal ГМО or district РМО."""

    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[AssociationLevel] = mapped_column(_enum(AssociationLevel, "association_level"))
    subject_area: Mapped[str | None] = mapped_column(String(200), nullable=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (
        CheckConstraint(
            "(level = 'school' AND organisation_id IS NOT NULL) OR level <> 'school'",
            name="school_level_has_organisation",
        ),
    )


class Member(Base):
    """A person known to the bot. Personal fields are cleared when the person asks to forget."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "member_role"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    career_start_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    is_reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    is_mentor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set when onboarding is complete; None while the person is still filling the profile.
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    invite_id: Mapped[int | None] = mapped_column(
        ForeignKey("invites.id", ondelete="SET NULL", use_alter=True), nullable=True
    )
    # The last time the person said the profile is right (the twice-yearly check).
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AssociationMembership(Base):
    """A member in an association; ``is_head`` marks its head(s)."""

    __tablename__ = "association_members"

    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MentorPairing(Base):
    """A mentor paired with one young specialist; a mentor may have several."""

    __tablename__ = "mentor_pairings"

    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint("mentor_id <> mentee_id", name="not_self"),)


class Invite(Base):
    """A deep-link invitation for a role, optionally preset with an organisation."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "invite_role"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    max_uses: Mapped[int | None] = mapped_column(Integer, nullable=True)
    used_count: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InviteAssociation(Base):
    """Associations an invite presets (a head's, or a teacher's ШМО)."""

    __tablename__ = "invite_associations"

    invite_id: Mapped[int] = mapped_column(
        ForeignKey("invites.id", ondelete="CASCADE"), primary_key=True
    )
    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )


class ChatBinding(Base):
    """A group chat bound to the bot and what it stands for."""

    __tablename__ = "chat_bindings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(255))
    kind: Mapped[BindingKind] = mapped_column(_enum(BindingKind, "binding_kind"))
    level: Mapped[AssociationLevel | None] = mapped_column(
        _enum(AssociationLevel, "binding_level"), nullable=True
    )
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="SET NULL"), nullable=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    bound_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """Who did what and when; kept when a person's data is forgotten."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DialogState(Base):
    """A person's place in a multi-step dialog, so a restart keeps it."""

    __tablename__ = "dialog_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


Index("ix_audit_log_object", AuditEntry.object_type, AuditEntry.object_id)


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    CANCELLED = "cancelled"


class BroadcastStatus(enum.StrEnum):
    SENDING = "sending"
    DONE = "done"


class Content(Base):
    """What one pushed message says: text, or a photo or document with a caption, and buttons.

    Stored once and shared by every outbox row that carries it.
    """

    __tablename__ = "contents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # text | photo | document
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    file_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Broadcast(Base):
    """An announcement sent to an audience, and where its delivery report lives."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    content_id: Mapped[int] = mapped_column(ForeignKey("contents.id", ondelete="RESTRICT"))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[BroadcastStatus] = mapped_column(_enum(BroadcastStatus, "broadcast_status"))
    report_chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    report_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    report_locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Set by the sender when figures changed; the reporter clears it after editing the report.
    report_dirty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class OutboxMessage(Base):
    """One push to one chat. The sender claims due rows; a sent row is never sent again."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Unique with the chat: one push of one thing ("broadcast:12", "event:7:v2", …).
    source: Mapped[str] = mapped_column(String(64))
    # What the push belongs to, whatever the capability: ("broadcast", 12), ("event", 7), …
    source_kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_id: Mapped[int] = mapped_column(ForeignKey("contents.id", ondelete="RESTRICT"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True
    )
    binding_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_bindings.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus, "delivery_status"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(255), nullable=True)
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (
        UniqueConstraint("source", "chat_id"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_source", "source_kind", "source_id"),
        # A chat's unsent rows in order (claiming takes only the oldest of each chat).
        Index("ix_outbox_chat", "chat_id", "status", "id"),
    )


class EventKind(enum.StrEnum):
    SEMINAR = "seminar"
    MASTER_CLASS = "master_class"
    WEBINAR = "webinar"
    CONFERENCE = "conference"
    ROUND_TABLE = "round_table"
    OPEN_LESSON = "open_lesson"
    MEETING = "meeting"  # a ГМО/РМО/ШМО meeting
    SUBJECT_WEEK = "subject_week"  # subject weeks and decades
    OLYMPIAD = "olympiad"
    COMPETITION = "competition"


class EventStatus(enum.StrEnum):
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    DROPPED = "dropped"  # due while the bot was down and the event had begun


class Event(Base):
    """A seminar, master class, competition… announced to an audience."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    place: Mapped[str | None] = mapped_column(String(500), nullable=True)
    link: Mapped[str | None] = mapped_column(String(500), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    competences: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reminder_minutes: Mapped[list[int]] = mapped_column(JSON, default=list)
    attachment_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    attachment_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[EventStatus] = mapped_column(_enum(EventStatus, "event_status"))
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumps with every change sent out
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EventAnswer(Base):
    """A person's answer: coming or not; changeable until the start."""

    __tablename__ = "event_answers"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    coming: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Reminder(Base):
    """One reminder of one thing of any capability (an event, a deadline, a survey…): a row,
    fired once, moved when the thing moves. Who gets it is the capability's answer, asked when
    it is due (see ``bot.storage.reminders``)."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int] = mapped_column(Integer)
    minutes_before: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[ReminderStatus] = mapped_column(_enum(ReminderStatus, "reminder_status"))
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(255), nullable=True)

    __table_args__ = (
        UniqueConstraint("source_kind", "source_id", "minutes_before", "due_at"),
        Index("ix_reminders_due", "status", "due_at"),
    )


class ReminderContent(Base):
    """A thing's reminder message, rendered once per locale ("group" for bound groups), so that
    due reminders are queued in one statement however many people they reach."""

    __tablename__ = "reminder_contents"

    source_kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    content_id: Mapped[int] = mapped_column(ForeignKey("contents.id", ondelete="RESTRICT"))


class DeadlineUnit(enum.StrEnum):
    """Who owes a deadline: each person, each association (its head acts for it) or each
    organisation (its coordinator acts for it)."""

    PERSON = "person"
    ASSOCIATION = "association"
    ORGANISATION = "organisation"


class Deliverable(enum.StrEnum):
    """What is handed in."""

    PLAN = "plan"
    MINUTES = "minutes"
    REPORT = "report"
    ANALYSIS = "analysis"
    APPLICATION = "application"
    MATERIALS = "materials"  # for the «методическая копилка»
    INFO_CARD = "info_card"
    OTHER = "other"
    SURVEY = "survey"  # answers to a survey, handed in by answering it in the chat


class Recurrence(enum.StrEnum):
    ONCE = "once"
    YEARLY = "yearly"
    QUARTERLY = "quarterly"  # each school quarter: four per academic year, none in summer
    MONTHLY = "monthly"  # each month of the academic year (September–May)
    MONTHS = "months"  # the months listed


class DeadlineStatus(enum.StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"


class UnitStatus(enum.StrEnum):
    OPEN = "open"  # not handed in yet
    SUBMITTED = "submitted"
    RETURNED = "returned"  # handed back for rework: owed again


class Deadline(Base):
    """One occurrence of a duty with a term. A recurring duty is a series of occurrences
    sharing ``series_id`` (the first one's id); the next is created when one falls due."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[Deliverable] = mapped_column(_enum(Deliverable, "deliverable"))
    unit: Mapped[DeadlineUnit] = mapped_column(_enum(DeadlineUnit, "deadline_unit"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recurrence: Mapped[Recurrence] = mapped_column(_enum(Recurrence, "recurrence"))
    months: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Days before the due date on which reminders go, at ``reminder_time`` local time.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    reminder_time: Mapped[str] = mapped_column(String(5), default="09:00")
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    attachment_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    attachment_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    section: Mapped[str | None] = mapped_column(String(300), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    # A coordinator's deadline stays within its organisation; a head's within its association.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True
    )
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[DeadlineStatus] = mapped_column(_enum(DeadlineStatus, "deadline_status"))
    # Set when the occurrence fell due and its successor (if any) was created.
    rolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("series_id", "due_at"),)


class DeadlineAssignee(Base):
    """One unit that owes one deadline (a person, an association or an organisation, by the
    deadline's ``unit``), fixed when the deadline is created, and where it stands."""

    __tablename__ = "deadline_units"

    deadline_id: Mapped[int] = mapped_column(
        ForeignKey("deadlines.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The unit's organisation, for grouping and for escalation (None: a municipal one).
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[UnitStatus] = mapped_column(_enum(UnitStatus, "unit_status"))
    versions: Mapped[int] = mapped_column(Integer, default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    return_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (Index("ix_deadline_units_status", "deadline_id", "status"),)


class Submission(Base):
    """One version of what a unit handed in; every version is kept."""

    __tablename__ = "deadline_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Set when another capability completed the unit (minutes, a survey): "minutes:12".
    completed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("deadline_id", "unit_id", "version"),
        Index("ix_deadline_submissions_unit", "deadline_id", "unit_id"),
    )


class SubmissionFile(Base):
    """A file of a submission, kept as the messenger's reference."""

    __tablename__ = "submission_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("deadline_submissions.id", ondelete="CASCADE"), index=True
    )
    file_ref: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))  # document | photo
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ItemKind(enum.StrEnum):
    """What a roadmap row became."""

    DATED = "dated"  # a deadline (or a series of them)
    STANDING = "standing"  # no date: listed, never reminded
    UNDATED = "undated"  # a term nobody could read: to be dated by hand


class Roadmap(Base):
    """An imported roadmap table of one academic year."""

    __tablename__ = "roadmaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    plan_year: Mapped[int] = mapped_column(Integer)  # 2026 for the 2026–2027 plan
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RoadmapItem(Base):
    """One row of a roadmap: its activity, term and who is responsible, and what it became."""

    __tablename__ = "roadmap_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    plan_year: Mapped[int] = mapped_column(Integer)
    # The same row imported twice for the same year is the same item.
    row_key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    section: Mapped[str | None] = mapped_column(String(300), nullable=True)
    activity: Mapped[str] = mapped_column(Text)
    term: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str | None] = mapped_column(String(300), nullable=True)
    kind: Mapped[ItemKind] = mapped_column(_enum(ItemKind, "item_kind"))
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    first_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadlines.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("plan_year", "row_key"),)


class SurveyStatus(enum.StrEnum):
    OPEN = "open"  # open from ``opens_at`` until ``closes_at``
    CLOSED = "closed"  # closed early by hand


class Survey(Base):
    """A survey launched from a template for an audience: one wave of that template. Who
    owes an answer, their reminders and coverage are its deadline's (one per respondent)."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_key: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The template as it was at launch: later edits of the template change no open survey.
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    unit: Mapped[DeadlineUnit] = mapped_column(_enum(DeadlineUnit, "survey_unit"))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    wave: Mapped[int] = mapped_column(Integer, default=1)
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadlines.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    # Set for a survey opened by the yearly campaign ("october-2026"): opened once.
    campaign: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)
    status: Mapped[SurveyStatus] = mapped_column(_enum(SurveyStatus, "survey_status"))
    # When the invitations went out (None: waiting for ``opens_at``).
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SurveyProgress(Base):
    """A respondent's answers while answering: kept, so a person can stop and resume (also
    after a restart); removed when the response is handed in."""

    __tablename__ = "survey_progress"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The question on screen (None: the review of all answers).
    position: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The answer to a template's consent text: True «Согласен», False «Не согласен», None not
    # pressed yet; and when it was pressed. Kept here only: an anonymous survey's response
    # never carries it, so it cannot link the person to the answers.
    consent: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SurveyResponse(Base):
    """A handed-in response. For an anonymous survey nothing here leads to the person: no
    member, a random id (no order to match against who handed in when) and only the day."""

    __tablename__ = "survey_responses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the respondent (``member_id``) agreed to the template's consent text: a named
    # survey's only (None for an anonymous one, or without a consent text).
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    # On SQLite the rows live in the random id's tree: no rowid counting up in the order
    # handed in, which could be matched against the order of the deadline's submissions.
    __table_args__ = ({"sqlite_with_rowid": False},)


class SurveyAnswer(Base):
    """A response's answers once more, one row per answered question (``choice`` empty) and
    one per chosen option (``choice`` its id), typed, so results are counted in SQL.

    Written with the response and never changed; the response's ``answers`` stay what the
    exports read. The survey and the organisation are the response's, repeated so that one
    index answers every count (it holds every column but the text). Nothing here leads to
    the person either: the key is the response's random id, there is no member, no time and
    no running number.
    """

    __tablename__ = "survey_answers"

    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    choice: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True
    )
    # scale and number: the value; yes/no: 1 or 0
    number: Mapped[float | None] = mapped_column(Float, nullable=True)
    # text, long text and date (ISO) answers; on a choice's own row the text of «Другое»
    text: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index(
            "ix_survey_answers_counts",
            "survey_id",
            "question_id",
            "choice",
            "number",
            "organisation_id",
            "response_id",
        ),
        # SQLite keeps the rows in the primary key's tree, not in a tree of their own beside
        # it: a third less space, and no rowid counting up in the order handed in. Other
        # databases ignore the option.
        {"sqlite_with_rowid": False},
    )


class SurveyTemplate(Base):
    """A template a methodologist uploaded (the built-in ones ship with the bot)."""

    __tablename__ = "survey_templates"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberArea(Base):
    """A teacher's own profile from their latest named diagnostics: how difficult and how
    strong each competence area is (1–5), for feedback and fitting events."""

    __tablename__ = "member_areas"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String(32), primary_key=True)
    difficulty: Mapped[int | None] = mapped_column(Integer, nullable=True)
    strength: Mapped[int | None] = mapped_column(Integer, nullable=True)
    survey_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


# ---------------------------------------------------------------- the methodical year, minutes


class HeadTerm(Base):
    """Who headed an association in an academic year (``year``: the year it starts in), from
    when until when: a head changed mid-year keeps its term. ``confirmed_at``: the
    methodologist confirmed the heads of the year."""

    __tablename__ = "head_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    since: Mapped[datetime] = mapped_column(UTCDateTime())
    until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (Index("ix_head_terms_year", "year", "association_id"),)


class MethodicalTopic(Base):
    """An association's «методическая тема» for an academic year."""

    __tablename__ = "methodical_topics"

    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetingPlan(Base):
    """The months a level's meetings (or one association's, overriding its level's) are
    planned in for an academic year. No row: the defaults of the level."""

    __tablename__ = "meeting_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    # "school", "municipal", "district" for a level; "a12" for association 12.
    scope: Mapped[str] = mapped_column(String(32))
    level: Mapped[AssociationLevel | None] = mapped_column(
        _enum(AssociationLevel, "plan_level"), nullable=True
    )
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), nullable=True
    )
    months: Mapped[list[int]] = mapped_column(JSON, default=list)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("year", "scope"),)


class YearDuty(Base):
    """A deadline the methodical year set: the planned meeting of a level in a month, or one
    of the year's documents (plan of work, analysis, report, next year's plan, «копилка»).
    ``key`` ("2026:meeting:school:11") makes setting the year twice create nothing twice."""

    __tablename__ = "year_duties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    month: Mapped[int] = mapped_column(Integer)
    level: Mapped[AssociationLevel | None] = mapped_column(
        _enum(AssociationLevel, "duty_level"), nullable=True
    )
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadlines.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Minutes(Base):
    """The minutes of one meeting of an association: numbered per association per academic
    year; ``version`` is the current one of its versions (every version is kept)."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id", ondelete="RESTRICT"))
    # The association's organisation when the minutes came (None: a ГМО or РМО).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True
    )
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The deadline the minutes completed (a planned meeting's, or one opened by «Сдать»).
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadlines.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("association_id", "year", "number"),
        Index("ix_minutes_year", "year", "organisation_id"),
    )


class MinutesVersion(Base):
    """One version of a meeting's minutes as a head submitted or corrected it."""

    __tablename__ = "minutes_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    meeting_date: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(Text)
    present: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    absent: Mapped[str | None] = mapped_column(Text, nullable=True)  # who was absent, if given
    # One text of decisions for the whole meeting (instead of each item's «Решили»).
    decisions: Mapped[str | None] = mapped_column(Text, nullable=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # The head's name as the protocol is signed (cleared when the person is forgotten).
    head_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("minutes_id", "version"),)


class MinutesItem(Base):
    """An agenda item of a version: «Слушали / Выступили / Решили»."""

    __tablename__ = "minutes_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("minutes_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    heard: Mapped[str | None] = mapped_column(Text, nullable=True)
    spoke: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (UniqueConstraint("version_id", "position"),)


class MinutesFile(Base):
    """An attachment of a version: the messenger's reference, and a local copy with its
    checksum when the archive keeps them."""

    __tablename__ = "minutes_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("minutes_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    file_ref: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))  # document | photo
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    local_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ProtocolTemplate(Base):
    """A protocol template a methodologist uploaded; the newest row is in use. A row without
    content: the default was put back."""

    __tablename__ = "protocol_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SendPace(Base):
    """The bot's pace of sending shared by its instances (PostgreSQL): the next free moment of
    the global timeline and the end of a pause Telegram asked for, in seconds since the epoch."""

    __tablename__ = "send_pace"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float)
    paused_until: Mapped[float] = mapped_column(Float)


class SendPaceChat(Base):
    """When the bot last wrote to one chat (a group: its last 20 moments, comma-separated), so
    that no instance writes to it sooner than Telegram allows; dropped once it expires."""

    __tablename__ = "send_pace_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    booked: Mapped[str] = mapped_column(String(400))
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class HandledUpdate(Base):
    """A Telegram update the bot has handled, recorded by the update's first commit, so that the
    same update delivered again is not handled again (``bot.storage.handled``); kept two days."""

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
