"""A wheel built from the repo runs on its own: texts and migrations travel as package data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pip(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "-q", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_wheel_install_starts_and_names_the_missing_token(tmp_path: Path) -> None:
    build = _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), ROOT)
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "dist").glob("shmo_bot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for locale in ("ru", "en"):
        assert any(n.startswith(f"bot/locales/{locale}/") and n.endswith(".ftl") for n in names)
    assert any(n.startswith("bot/storage/migrations/versions/") for n in names)
    assert "bot/services/exports/templates/default.docx" in names
    assert "bot/services/surveys/templates/diagnostics.yaml" in names
    # the demo runs from the wheel: the Bot API double, its chat page and the sample data
    for name in (
        "bot/demo/double.py",
        "bot/demo/entities.py",
        "bot/demo/story.py",
        "bot/demo/data/schools-zarechny.csv",
        "bot/demo/data/report-school-1.xlsx",
        "bot/demo/web/index.html",
        "bot/demo/web/chat.js",
        "bot/locales/ru/demo.ftl",
    ):
        assert name in names, name
    # the webhook server and the metrics are code; deploy/ (nginx, systemd) stays in the repo
    assert {"bot/server.py", "bot/metrics.py", "bot/storage/monitoring.py"} <= set(names)
    assert not any(n.startswith("deploy/") for n in names)

    site = tmp_path / "site"
    install = _pip("install", "--no-deps", "--target", str(site), wheel)
    assert install.returncode == 0, install.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env["PYTHONPATH"] = str(site)  # the installed copy, not the repo
    where = subprocess.run(
        [sys.executable, "-c", "import bot; print(bot.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=60,
    )
    assert where.stdout.strip().startswith(str(site)), where.stdout + where.stderr
    run = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "BOT_TOKEN" in lines[0]

    # the demo's data is found from the installed copy, with no test-only module
    demo = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bot.demo.story import data_file; from bot.demo.double import BotAPIDouble; "
            "import bot.server; "
            "print(data_file('schools-zarechny.csv').stat().st_size)",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=60,
    )
    assert demo.returncode == 0, demo.stderr
    assert int(demo.stdout) > 1000
