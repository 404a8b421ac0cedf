"""Texts: both locales complete, every key used in code exists, Russian plurals right."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fast

from bot.i18n import LOCALES_DIR, Translator
from bot.storage.models import Role

ROOT = Path(__file__).resolve().parent.parent
TRANSLATOR_CALLS = {"i18n", "translator", "t"}


def _keys(locale: str) -> dict[str, set[str]]:
    """Message ids per file of one locale."""
    out: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, fast.Junk)]
        assert not junk, f"{path.name}: syntax error: {junk[0].annotations}"
        out[path.name] = {e.id.name for e in resource.body if isinstance(e, fast.Message)}
    return out


def _used_keys() -> set[str]:
    """Keys passed as a literal first argument to a translator anywhere in bot/."""
    used: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if name in TRANSLATOR_CALLS and isinstance(first, ast.Constant):
                used.add(first.value)
            if isinstance(first, ast.JoinedStr) and name in TRANSLATOR_CALLS:
                prefix = first.values[0]
                if isinstance(prefix, ast.Constant):
                    used.add(f"{prefix.value}*")
    return used


def test_both_locales_have_the_same_files_and_keys() -> None:
    ru, en = _keys("ru"), _keys("en")
    assert ru.keys() == en.keys()
    for name in ru:
        assert ru[name] == en[name], (
            f"{name}: only ru {ru[name] - en[name]}, only en {en[name] - ru[name]}"
        )


def test_every_key_used_in_code_exists() -> None:
    known = set().union(*_keys("ru").values())
    used = _used_keys()
    assert "start-by-invitation" in used, "the scan finds nothing: it is broken"
    for key in sorted(used):
        if key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in known), key
        else:
            assert key in known, f"{key} is used in code but missing in locales"


def test_every_role_and_command_has_its_texts() -> None:
    t = Translator()
    for locale in t.locales:
        for role in Role:
            assert t.has(f"role-{role.value}", locale)
            assert t.has(f"help-{role.value}", locale)
        for name in ("start", "help", "cancel"):
            assert t.has(f"command-{name}", locale)
        for field in (
            "bot-token",
            "admin-ids",
            "database-url",
            "timezone",
            "default-locale",
            "log-level",
            "telegram-api-base",
            "sqlite-busy-timeout-ms",
            "send-rate",
            "reconfirm-dates",
            "reconfirm-hour",
            "webhook-url",
            "webhook-secret",
            "webhook-host",
            "webhook-port",
            "metrics-port",
            "instance-id",
        ):
            assert t.has(f"cli-hint-{field}", locale)


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [
        (1, "1 день", "1 day"),
        (2, "2 дня", "2 days"),
        (4, "4 дня", "4 days"),
        (5, "5 дней", "5 days"),
        (11, "11 дней", "11 days"),
        (14, "14 дней", "14 days"),
        (21, "21 день", "21 days"),
        (22, "22 дня", "22 days"),
        (25, "25 дней", "25 days"),
        (101, "101 день", "101 days"),
        (111, "111 дней", "111 days"),
    ],
)
def test_plurals(count: int, ru: str, en: str) -> None:
    t = Translator()
    assert t("days", locale="ru", count=count) == ru
    assert t("days", locale="en", count=count) == en


def test_people_plural() -> None:
    t = Translator()
    assert [t("people", locale="ru", count=n) for n in (1, 3, 5, 21)] == [
        "1 человек",
        "3 человека",
        "5 человек",
        "21 человек",
    ]


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (("en", "ru"), "en"),
        ((None, "en-US"), "en"),
        ((None, "ru"), "ru"),
        ((None, "de"), "ru"),
        ((None, None), "ru"),
        (("fr", "pt-BR"), "ru"),
    ],
)
def test_locale_resolution(candidates: tuple[str | None, str | None], expected: str) -> None:
    assert Translator(default_locale="ru").resolve_locale(*candidates) == expected


def test_default_locale_setting_applies() -> None:
    assert Translator(default_locale="en").resolve_locale(None, "uk") == "en"


def test_missing_key_is_visible_not_fatal() -> None:
    assert Translator()("no-such-key") == "no-such-key"


def test_no_bidi_isolation_marks() -> None:
    text = Translator()("start-welcome-back", locale="ru", name="Анна", role="методист")
    assert "\u2068" not in text
    assert text.startswith("С возвращением, Анна!")


def test_a_kept_text_is_kept_by_its_arguments_and_their_types(tmp_path: Path) -> None:
    for locale in ("ru", "en"):
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "t.ftl").write_text(
            "shown = { $value }\nmissing = { $other }\n", encoding="utf-8"
        )
    t = Translator("ru", tmp_path, ("ru", "en"))
    # True and 1 are equal as keys of a dictionary, but read differently
    assert t("shown", value=True) == "yes"
    assert t("shown", value=1) == "1"
    assert t("shown", value=True) == "yes"
    assert t("shown", value="a") == "a"
    assert t("shown", value="b") == "b"
    assert t("shown", locale="en", value="a") == "a"
    # a text formatted with an error is not kept: the error is logged every time
    assert t("missing", value=1) == t("missing", value=1)
