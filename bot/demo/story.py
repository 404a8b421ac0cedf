"""A municipality's week with the bot, scene by scene, as its people live it in Telegram.

Each scene is a small function: people write, press buttons by their labels and send files;
the bot (its own process, on the Bot API double) answers; the world writes the transcript.
The labels are the bot's own texts in the people's language, so the story reads the same in
Russian and in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.clock import FastClock
from bot.demo.client import DemoError, Group, Person, Seen, World, picture_name
from bot.demo.runner import BOT_USERNAME, METHODOLOGIST_ID, TIMEZONE

TZ = ZoneInfo(TIMEZONE)
# The story's people, schools and group: data, kept with the sample files.
CAST: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "cast.yaml").read_text(encoding="utf-8")
)
SCHOOL: str = CAST["school"]
LYCEUM: str = CAST["lyceum"]
SCIENCE: str = CAST["science"]
PRIMARY: str = CAST["primary"]
# The demo's clock: how many times faster than real time the bot's clock runs.
SPEED = 120.0


def data_file(name: str) -> Path:
    """A sample file shipped with the package."""
    return Path(str(resources.files("bot.demo") / "data" / name))


def story_start(today: datetime) -> datetime:
    """The story begins at 09:00 of the next Monday (a working day, in the municipality's
    time zone), so that every date it types is ahead."""
    local = today.astimezone(TZ)
    days = 7 - local.weekday()
    monday = (local + timedelta(days=days)).date()
    return datetime(monday.year, monday.month, monday.day, 9, 0, tzinfo=TZ)


def plain(text: str) -> str:
    """A text of the bot as a person reads it (without its HTML tags)."""
    return re.sub(r"<[^>]+>", "", text)


def up(text: str) -> str:
    return text[:1].upper() + text[1:]


def expect(seen: list[Seen] | Seen, fragment: str) -> Seen:
    """The message that has ``fragment``; the story stops with a clear reason otherwise."""
    messages = [seen] if isinstance(seen, Seen) else seen
    for message in messages:
        if fragment in message.text:
            return message
    texts = [m.text[:120] for m in messages]
    raise DemoError(f"expected {fragment!r} in what the bot said; it said: {texts}")


def start_code(seen: list[Seen]) -> str:
    for message in seen:
        found = re.search(r"start=([A-Za-z0-9_-]+)", message.text)
        if found:
            return found.group(1)
    raise DemoError("no invite link in what the bot said")


@dataclass
class Cast:
    """The people of the story and what they made along the way."""

    admin: Person
    head: Person | None = None
    teachers: list[Person] = field(default_factory=list)
    coordinators: list[Person] = field(default_factory=list)
    group: Group | None = None
    codes: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------- scenes


async def meet_the_methodologist(w: World) -> Cast:
    w.scene(1, "demo-scene-register")
    cast = CAST["methodologist"]
    admin = w.person(
        cast["first"], cast["last"], w.say("demo-role-methodologist"), user_id=METHODOLOGIST_ID
    )
    await admin.send("/start")
    await admin.press(admin.t("onboarding-agree"))
    done = await admin.send(cast["full"])
    expect(done, cast["full"])
    return Cast(admin=admin)


async def import_the_schools(w: World, cast: Cast) -> None:
    w.scene(2, "demo-scene-import")
    admin = cast.admin
    await admin.send("/import")
    await admin.send_document(data_file("schools-zarechny.csv"))
    await admin.press(admin.t("registry-button-import-confirm"))


async def invite_people(w: World, cast: Cast) -> None:
    w.scene(3, "demo-scene-invite")
    admin = cast.admin
    await admin.send("/invite")
    await admin.press(admin.t("role-head"))
    await admin.press(SCHOOL)
    await admin.press("▫️ " + SCIENCE)
    await admin.press(admin.t("invite-associations-done"))
    with picture_name(w, "qr-head"):
        cast.codes["head"] = start_code(await admin.press(admin.t("invite-create")))

    await admin.send("/invite")
    await admin.press(admin.t("role-teacher"))
    await admin.press(SCHOOL)
    await admin.press(admin.t("invite-associations-done"))
    with picture_name(w, "qr-teachers"):
        cast.codes["teachers"] = start_code(await admin.press(admin.t("invite-create")))

    for key, school in (("coordinator-1", SCHOOL), ("coordinator-2", LYCEUM)):
        await admin.send("/invite")
        await admin.press(admin.t("role-coordinator"))
        await admin.press(school)
        with picture_name(w, f"qr-{key}"):
            cast.codes[key] = start_code(await admin.press(admin.t("invite-create")))


async def people_join(w: World, cast: Cast) -> None:
    w.scene(4, "demo-scene-join")
    head = w.person(CAST["head"]["first"], CAST["head"]["last"], w.say("demo-role-head"))
    await head.send(f"/start {cast.codes['head']}")
    [ask_name] = await head.press(head.t("onboarding-agree"))
    await head.press(ask_name.buttons[0])  # the name from Telegram, offered as a button
    cast.head = head

    for one in CAST["teachers"]:
        full, year = one["full"], str(one["year"])
        teacher = w.person(one["first"], one["last"], w.say("demo-role-teacher"))
        await teacher.send(f"/start {cast.codes['teachers']}")
        await teacher.press(teacher.t("onboarding-agree"))
        await teacher.send(full)
        await teacher.press("▫️ " + PRIMARY)
        await teacher.press(teacher.t("onboarding-associations-done"))
        if year in teacher.last().buttons:
            await teacher.press(year)
        else:
            await teacher.press(teacher.t("onboarding-year-earlier"))
            await teacher.send(year)
        await teacher.press(teacher.t("button-no"))
        cast.teachers.append(teacher)

    for one in CAST["coordinators"]:
        key, full = one["key"], one["full"]
        coordinator = w.person(one["first"], one["last"], w.say("demo-role-coordinator"))
        await coordinator.send(f"/start {cast.codes[key]}")
        await coordinator.press(coordinator.t("onboarding-agree"))
        await coordinator.send(full)
        cast.coordinators.append(coordinator)


async def bind_a_group(w: World, cast: Cast) -> None:
    w.scene(5, "demo-scene-group")
    group = w.group(CAST["group"])
    assert cast.head is not None
    group.join(cast.admin)
    group.join(cast.head)
    await group.add_bot(by=cast.admin)
    await cast.admin.send_in(group, f"/bind@{BOT_USERNAME}")
    await cast.admin.press_in(group, cast.admin.t("chats-kind-heads_all"))
    cast.group = group


async def announce(w: World, cast: Cast) -> None:
    w.scene(6, "demo-scene-announce")
    admin = cast.admin
    await admin.send("/announce")
    await admin.send(w.say("demo-announcement"))
    await admin.press(admin.t("announce-button-preview"))
    await admin.press(admin.t("announce-button-send"))
    w.note("demo-note-report")
    done = plain(admin.t("broadcast-report-title-done"))
    await w.wait(lambda: any(done in m.text for m in admin.messages()))


async def publish_a_seminar(w: World, cast: Cast, clock: FastClock) -> datetime:
    w.scene(7, "demo-scene-seminar")
    admin = cast.admin
    # An hour and a quarter ahead on the bot's fast clock: the reminder an hour before comes
    # within seconds; the one a day before is already past (the preview says so).
    starts = (clock.now() + timedelta(minutes=75)).astimezone(TZ)
    starts = starts.replace(second=0, microsecond=0) + timedelta(minutes=5 - starts.minute % 5)
    await admin.send("/newevent")
    await admin.press(up(admin.t("newevent-kind-seminar")))
    await admin.send(w.say("demo-seminar-title"))
    await admin.send(starts.strftime("%d.%m %H:%M"))
    await admin.send((starts + timedelta(hours=2)).strftime("%H:%M"))
    await admin.send(w.say("demo-seminar-place"))
    await admin.press(admin.t("newevent-button-skip"))
    await admin.press(admin.t("newevent-button-done"))
    await admin.press(admin.t("newevent-button-next"))
    await admin.press(admin.t("newevent-button-done"))
    await admin.press(admin.t("newevent-button-skip"))
    await admin.press(admin.t("newevent-button-publish"))
    title = w.say("demo-seminar-title")
    people = [*cast.teachers, *([cast.head] if cast.head else [])]
    await w.wait(lambda: all(p.got(title) for p in people))
    return starts


async def answers_come_in(w: World, cast: Cast) -> None:
    w.scene(8, "demo-scene-rsvp")
    title = w.say("demo-seminar-title")
    for teacher in cast.teachers:
        invitation = next(m for m in teacher.messages() if title in m.text and m.buttons)
        await teacher.press(teacher.t("event-button-coming"), invitation)
    head = cast.head
    assert head is not None
    invitation = next(m for m in head.messages() if title in m.text and m.buttons)
    await head.press(head.t("event-button-not-coming"), invitation)
    teacher = cast.teachers[0]
    invitation = next(m for m in teacher.messages() if title in m.text and m.buttons)
    await teacher.press(teacher.t("event-button-calendar"), invitation)

    admin = cast.admin
    shown = await admin.send("/events")
    label = next((b for b in shown[-1].buttons if title[:20] in b), None)
    if label is None:
        raise DemoError(f"no seminar in the methodologist's list: {shown[-1].buttons}")
    await admin.press(label)
    await admin.press(admin.t("events-button-excel"))


async def a_reminder_fires(w: World, cast: Cast, starts: datetime) -> None:
    w.scene(9, "demo-scene-reminder")
    w.note("demo-note-clock", speed=int(SPEED), at=(starts - timedelta(hours=1)).strftime("%H:%M"))
    teacher = cast.teachers[0]
    before = len(teacher.messages())
    await w.wait(lambda: any("⏰" in m.text for m in teacher.messages()[before:]), timeout=40)


async def a_deadline(w: World, cast: Cast, clock: FastClock) -> None:
    w.scene(10, "demo-scene-deadline")
    admin = cast.admin
    due = (clock.now() + timedelta(days=10)).astimezone(TZ)
    title = w.say("demo-deadline-title")
    await admin.send("/newdeadline")
    await admin.send(title)
    await admin.press(up(admin.t("deliverable-report")))
    await admin.press(admin.t("newdeadline-unit-organisation"))
    await admin.send(due.strftime("%d.%m"))
    await admin.press(admin.t("newdeadline-button-next"))
    await admin.press(admin.t("newdeadline-recurrence-once"))
    await admin.press(admin.t("newdeadline-button-keep"))
    await admin.press(admin.t("newdeadline-button-skip"))
    await admin.press(admin.t("newdeadline-button-skip"))
    await admin.press(admin.t("newdeadline-button-create"))
    first, second = cast.coordinators
    await w.wait(lambda: first.got(title) and second.got(title))

    w.note("demo-note-hand-in")
    await first.press(first.t("deadline-button-submit"))
    await first.press(first.t("deadline-ui-button-submit"))
    await first.send_document(data_file("report-school-1.xlsx"))
    await first.press(first.t("deadline-ui-button-send"))

    w.note("demo-note-nudge")
    shown = await admin.send("/deadlines")
    label = next((b for b in shown[-1].buttons if b.startswith(title)), None)
    if label is None:
        raise DemoError(f"no deadline in the methodologist's list: {shown[-1].buttons}")
    await admin.press(label)
    await admin.press(admin.t("deadline-ui-button-nudge"))
    before = len(second.messages())
    await admin.press(admin.t("button-yes"))
    await w.wait(lambda: len(second.messages()) > before)
    await admin.send("/deadlines")
    await admin.press(label)
    await admin.press(admin.t("deadline-ui-button-excel"))


# ---------------------------------------------------------------------- the whole story


async def prologue(w: World) -> Cast:
    """The first scenes: everyone registered and the group bound (the chat page starts here)."""
    cast = await meet_the_methodologist(w)
    await import_the_schools(w, cast)
    await invite_people(w, cast)
    await people_join(w, cast)
    await bind_a_group(w, cast)
    return cast


async def play(w: World, clock: FastClock) -> Cast:
    cast = await prologue(w)
    await announce(w, cast)
    starts = await publish_a_seminar(w, cast, clock)
    await answers_come_in(w, cast)
    await a_reminder_fires(w, cast, starts)
    await a_deadline(w, cast, clock)
    return cast
