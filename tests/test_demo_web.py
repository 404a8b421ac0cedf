"""`shmo-bot demo --web`: the chat page in a real headless Chromium talks to the running bot."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None
)

playwright = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[browser]')"
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_newcomer_presses_start_then_a_button_and_sees_the_answer(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env["PYTHONPATH"] = str(ROOT)
    log = (tmp_path / "demo.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--web", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            if found and "Ctrl+C" in line:
                url = found.group(0)
                break
        assert url == f"http://127.0.0.1:{port}", log.seek(0) or log.read()[-3000:]

        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
            try:
                page = browser.new_page()
                page.on("dialog", lambda dialog: dialog.accept("Анна Петрова"))
                page.goto(url)
                # the people of the first scenes are there to pick from
                page.wait_for_selector("#who option", state="attached")
                assert "Смирнова" in page.inner_text("#who")
                page.click("#new-person")
                page.wait_for_selector("#start")
                page.click("#start")
                page.wait_for_selector("text=Согласен", timeout=20_000)
                assert "152-ФЗ" in page.inner_text("#messages")
                page.click(".keyboard button:has-text('Согласен')")
                page.wait_for_selector("text=фамилию, имя и отчество", timeout=20_000)
                page.fill("#text", "Петрова Анна Сергеевна")
                page.press("#text", "Enter")
                page.wait_for_selector("text=Записал", timeout=20_000)

                # the methodologist sees the bound group in her chat list
                page.select_option("#who", index=0)
                page.wait_for_selector("nav button:has-text('Руководители ШМО')")
            finally:
                browser.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
