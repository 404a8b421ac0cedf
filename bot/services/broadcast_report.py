"""The text of a broadcast's delivery report, in its author's language."""

from __future__ import annotations

from typing import Any

from bot.clock import Clock
from bot.delivery.actions import Action, button
from bot.i18n import Translator
from bot.services.broadcasts import BroadcastService, Figures
from bot.storage.repositories import Repo


def render_report(
    figures: Figures, translator: Translator, locale: str | None
) -> tuple[str, list[Any]]:
    """The report message and its buttons (as plain data for any messenger)."""
    t = translator.bind(locale or translator.default_locale)
    lines = [
        t("broadcast-report-title-done" if figures.finished else "broadcast-report-title-sending"),
        t("broadcast-report-delivered", delivered=figures.delivered, total=figures.total),
        t("broadcast-report-pending", count=figures.pending),
        t("broadcast-report-failed", count=figures.failed),
        t("broadcast-report-unreachable", count=figures.unreachable),
    ]
    if figures.organisations:
        lines.append(
            t("broadcast-report-informed", informed=figures.informed, total=figures.organisations)
        )
    buttons: list[Any] = []
    if figures.failed or figures.unreachable:
        buttons.append(
            [button(t("broadcast-button-missed"), Action.BROADCAST_MISSED, figures.broadcast_id)]
        )
    if figures.organisations:
        buttons.append(
            [
                button(
                    t("broadcast-button-organisations"),
                    Action.BROADCAST_ORGANISATIONS,
                    figures.broadcast_id,
                )
            ]
        )
    return "\n".join(lines), buttons


async def changed_reports(
    repo: Repo, clock: Clock, translator: Translator
) -> list[tuple[int, int, str, list[Any]]]:
    """The reports whose figures changed since they were last shown, rendered anew: chat,
    message, text, buttons (the delivery reporter edits them)."""
    service = BroadcastService(repo, clock)
    views = []
    for broadcast_id, chat_id, message_id, locale in await service.dirty_reports():
        text, buttons = render_report(await service.figures(broadcast_id), translator, locale)
        views.append((chat_id, message_id, text, buttons))
    return views
