"""/import: organisations and associations from a CSV or XLSX table, previewed, then confirmed.

The table's rows (checked) wait in the dialog state between the preview and the confirmation,
so a restart in between loses nothing.
"""

from __future__ import annotations

import io
from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.filters import RoleFilter
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import replace
from bot.i18n import Gettext
from bot.keyboards import registry as kb
from bot.services.errors import DomainError
from bot.services.registry import ImportPreview
from bot.storage.models import Role

PREVIEW_PROBLEMS = 15
NOT_COMMAND = ~F.text.startswith("/")  # a command goes to its own handler


class ImportTable(StatesGroup):
    file = State()
    confirm = State()


def _preview_text(preview: ImportPreview, i18n: Gettext) -> str:
    lines = [
        i18n("registry-import-preview", file=escape(preview.file_name), rows=preview.rows),
        i18n(
            "registry-import-will-create",
            organisations=i18n("registry-organisations", count=preview.new_organisations),
            associations=i18n("registry-associations", count=preview.new_associations),
        ),
        i18n(
            "registry-import-already-there",
            organisations=i18n("registry-organisations", count=preview.existing_organisations),
            associations=i18n("registry-associations", count=preview.existing_associations),
        ),
    ]
    if preview.problems:
        lines += ["", i18n("registry-import-problems", count=len(preview.problems))]
        for problem in preview.problems[:PREVIEW_PROBLEMS]:
            lines.append(
                i18n(
                    "registry-import-problem",
                    row=problem.row,
                    text=i18n(problem.key, value=escape(problem.value)),
                )
            )
        if len(preview.problems) > PREVIEW_PROBLEMS:
            lines.append(i18n("registry-more", count=len(preview.problems) - PREVIEW_PROBLEMS))
    lines.append("")
    if preview.has_changes:
        lines.append(i18n("registry-import-question"))
    elif preview.problems:
        lines.append(i18n("registry-import-nothing-valid"))
    else:
        lines.append(i18n("registry-import-nothing-new"))
    return "\n".join(lines)


async def on_import(message: Message, ctx: Ctx) -> None:
    limit = await ctx.services.registry.start_import(ctx.member)
    await ctx.state.clear()
    await ctx.state.set_state(ImportTable.file)
    await message.answer(ctx.i18n("registry-import-ask", limit=limit))


async def on_import_file(message: Message, ctx: Ctx) -> None:
    document, bot, state, i18n = message.document, ctx.bot, ctx.state, ctx.i18n
    if document is None:
        return

    async def fetch() -> bytes:
        try:
            file = await bot.get_file(document.file_id)
            if file.file_path is None:
                raise DomainError("registry-file-download-failed")
            buffer = io.BytesIO()
            await bot.download_file(file.file_path, destination=buffer)
        except TelegramAPIError as exc:
            raise DomainError("registry-file-download-failed") from exc
        return buffer.getvalue()

    preview = await ctx.services.registry.preview_import(
        ctx.member, document.file_name or "", document.file_size, fetch
    )
    if not preview.has_changes:
        # Nothing to confirm: wait for a corrected file if the rows had errors, else done.
        if preview.problems:
            await state.set_state(ImportTable.file)
            await state.set_data({})
        else:
            await state.clear()
        await message.answer(_preview_text(preview, i18n))
        return
    await state.set_state(ImportTable.confirm)
    await state.set_data({"import": preview.payload})
    await message.answer(_preview_text(preview, i18n), reply_markup=kb.import_confirmation(i18n))


async def on_import_waiting(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("registry-import-send-file"))


async def on_import_confirm(callback: CallbackQuery, ctx: Ctx) -> None:
    i18n = ctx.i18n
    data = await ctx.state.get_data()
    result = await ctx.services.registry.run_import(ctx.member, data.get("import"))
    await ctx.state.clear()
    text = i18n(
        "registry-import-done",
        organisations=i18n("registry-organisations", count=result.organisations),
        associations=i18n("registry-associations", count=result.associations),
    )
    if result.skipped:
        text += "\n" + i18n("registry-import-skipped", count=result.skipped)
    await replace(callback, text, kb.menu(i18n))


async def on_import_cancel(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    await replace(callback, ctx.i18n("registry-import-cancelled"))


async def on_import_stale(callback: CallbackQuery, ctx: Ctx) -> None:
    await callback.answer(ctx.i18n("registry-import-expired"), show_alert=True)


async def on_document_outside_import(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("registry-import-hint"))


def create_router() -> Router:
    """Goes after the registry's router (whose dialogs take no documents)."""
    router = install(Router(name="registry-import"))
    msg, cb = router.message, router.callback_query
    msg.register(on_import, Command("import"))
    msg.register(on_import_file, StateFilter(ImportTable.file, ImportTable.confirm), F.document)
    msg.register(on_import_waiting, ImportTable.file, NOT_COMMAND)
    cb.register(on_import_confirm, ImportTable.confirm, kb.ImportAction.filter(F.act == "go"))
    cb.register(on_import_cancel, ImportTable.confirm, kb.ImportAction.filter(F.act == "no"))
    cb.register(on_import_stale, kb.ImportAction.filter())
    msg.register(
        on_document_outside_import, StateFilter(None), F.document, RoleFilter(Role.METHODOLOGIST)
    )
    return router
