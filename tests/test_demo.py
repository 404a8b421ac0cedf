"""`shmo-bot demo`: the story through the real bot process, its transcript and its files."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import segno
from icalendar import Calendar
from openpyxl import load_workbook

from bot.clock import FastClock
from bot.config import Settings
from bot.demo.story import story_start

ROOT = Path(__file__).resolve().parent.parent


def _demo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--output", str(tmp_path / "out"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,  # a hang, not a speed check: the time is in docs/benchmarks.md
    )


def _qr_of(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def test_the_story_plays_through_the_real_bot_and_leaves_its_files(tmp_path: Path) -> None:
    done = _demo(tmp_path)
    out = done.stdout
    assert done.returncode == 0, done.stderr[-3000:] + out[-3000:]

    # each scene, both sides: who wrote, what the bot answered, the buttons under it
    for line in [
        "── Сцена 1. Методист знакомится с ботом ──",
        "👤 Ольга Смирнова (методист): /start",
        "[Согласен] [Не согласен]",
        "Готово, Смирнова Ольга Викторовна! Вы зарегистрированы: методист.",
        "👤 Ольга Смирнова (методист): 📎 schools-zarechny.csv",
        "Будет создано: 6 организаций и 27 объединений.",
        "Готово! Создано: 6 организаций и 27 объединений.",
        "👤 Ольга Смирнова (методист): [руководитель объединения]",
        "Вы зарегистрированы: руководитель объединения.",
        "Готово, Кузнецова Дарья Андреевна! Вы зарегистрированы: педагог.",
        "Готово! Группа «Руководители ШМО» привязана",
        "Рассылка завершена",
        "Доставлено: 6 из 6",
        "✅ Мероприятие опубликовано.",
        "[Приду] [Не смогу]",
        "💬 всплывающее сообщение: Записал: приду",
        "Придут: 2 · не смогут: 1 · не ответили: 3",
        "⏰ Напоминание",
        "✅ Срок создан: «Отчёт о работе ШМО за четверть»",
        "[📤 Сдать]",
        "🔔 Напоминание отправлено 1 человеку.",
        "⏰ Напоминание: вы ещё не сдали",
    ]:
        assert line in out, line
    # the reminder before the seminar skips the head who declined; the nudge only the late
    reminder = out[out.index("── Сцена 9.") : out.index("── Сцена 10.")]
    assert "Игорь Волков" not in reminder
    assert "Дарья Кузнецова (педагог)" in reminder
    nudge = out[out.index("🔔 Напоминание отправлено") :]
    assert "🤖 → Павел Лебедев (координатор)" in nudge
    assert "🤖 → Нина Орлова (координатор)" not in nudge

    folder = tmp_path / "out"
    names = {p.name for p in folder.iterdir()}
    assert {"qr-head.png", "qr-teachers.png", "event-1.ics", "event-1-registration.xlsx"} <= names
    assert any(n.startswith("deadline-") and n.endswith("-status.xlsx") for n in names)

    # the QR pictures are segno's drawings of the invite links the bot printed
    links = re.findall(r"https://t\.me/shmo_demo_bot\?start=[\w-]+", out)
    head_png = (folder / "qr-head.png").read_bytes()
    assert head_png.startswith(b"\x89PNG\r\n\x1a\n")
    assert head_png == _qr_of(links[0])

    [event] = Calendar.from_ical((folder / "event-1.ics").read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Функциональная грамотность на уроках математики"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    sheet = load_workbook(folder / "event-1-registration.xlsx").active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Кузнецова Дарья Андреевна" in cells
    [status] = [p for p in folder.iterdir() if p.name.endswith("-status.xlsx")]
    sheet = load_workbook(status).active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("СОШ № 1" in c for c in cells)
    assert "Готово за" in out


def test_the_story_in_english(tmp_path: Path) -> None:
    done = _demo(tmp_path, "--lang", "en")
    out = done.stdout
    assert done.returncode == 0, done.stderr[-3000:] + out[-3000:]
    assert "── Scene 1. The methodologist meets the bot ──" in out
    assert "[I agree]" in out or "[Agree]" in out
    assert "⏰" in out
    assert "Done in" in out
    assert (tmp_path / "out" / "event-1.ics").exists()


def test_the_fast_clock_is_off_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456789:" + "A" * 35)
    monkeypatch.delenv("DEMO_CLOCK", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.demo_clock is None
    assert type(settings.clock()).__name__ == "SystemClock"

    start = story_start(datetime.fromisoformat("2026-11-25T12:00:00+03:00"))
    assert start.isoformat() == "2026-11-30T09:00:00+03:00", "the next Monday, 09:00"
    clock = FastClock(start, origin=1000.0, speed=120, wall=lambda: 1030.0)
    assert clock.now().isoformat() == "2026-11-30T07:00:00+00:00"
    again = FastClock.parse(clock.spec())
    assert (again.start, again.origin, again.speed) == (clock.start, 1000.0, 120.0)
    monkeypatch.setenv("DEMO_CLOCK", clock.spec())
    assert isinstance(Settings(_env_file=None).clock(), FastClock)  # type: ignore[call-arg]
