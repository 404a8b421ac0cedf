"""/results: the surveys with their response rate, a survey's card, its charts and files.

Every handler parses its button, asks the results service (which checks again who presses
and what they may see) and renders the answer.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.ui.screen import replace
from bot.i18n import Gettext
from bot.keyboards import results as kb
from bot.services import Services
from bot.services.people import MemberInfo
from bot.services.surveys.results import SurveyResults


def _service(services: Services) -> SurveyResults:
    return SurveyResults(services.repo, services.clock, services.translator, services.tz)


async def _list(
    services: Services, member: MemberInfo, i18n: Gettext
) -> tuple[str, InlineKeyboardMarkup | None]:
    rows = await _service(services).surveys(member)
    if not rows:
        return i18n("survey-results-none"), None
    return i18n("survey-results-list-title"), kb.list_keyboard(rows, i18n)


async def on_results(
    message: Message, member: MemberInfo, services: Services, i18n: Gettext
) -> None:
    text, markup = await _list(services, member, i18n)
    await message.answer(text, reply_markup=markup)


async def on_list(
    callback: CallbackQuery, member: MemberInfo, services: Services, i18n: Gettext
) -> None:
    text, markup = await _list(services, member, i18n)
    await replace(callback, text, markup)


async def on_card(
    callback: CallbackQuery,
    callback_data: kb.CardCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    service = _service(services)
    results = await service.results(member, callback_data.id, i18n)
    await replace(callback, service.card(results, i18n), kb.card_keyboard(results, i18n))


async def on_do(
    callback: CallbackQuery,
    callback_data: kb.DoCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    bot: Bot,
) -> None:
    service = _service(services)
    chat = callback.from_user.id
    what = callback_data.a
    if what == "w":
        cmp = await service.comparison(member, callback_data.id, i18n)
        await bot.send_message(chat, service.comparison_text(cmp, i18n))
        await bot.send_photo(
            chat, BufferedInputFile(service.comparison_chart(cmp, i18n), filename="waves.png")
        )
        await callback.answer()
        return
    results = await service.results(member, callback_data.id, i18n)
    if what == "g":
        charts = service.charts(results, i18n)
        if not charts:
            await callback.answer(i18n("survey-results-no-charts"), show_alert=True)
            return
        for n, (caption, png) in enumerate(charts, start=1):
            await bot.send_photo(
                chat,
                BufferedInputFile(png, filename=f"chart-{n}.png"),
                caption=caption,
                parse_mode=None,
            )
    elif what == "d":
        for text in service.details(results, i18n):
            await bot.send_message(chat, text)
    elif what == "o":
        await bot.send_message(chat, service.by_organisation(results, i18n))
    else:
        content = await (service.xlsx if what == "x" else service.csv)(results, i18n)
        name = f"survey-{results.survey_id}.{'xlsx' if what == 'x' else 'csv'}"
        await bot.send_document(
            chat,
            BufferedInputFile(content, filename=name),
            caption=i18n("survey-results-file-caption", title=results.title),
            parse_mode=None,
        )
    await callback.answer()


def create_router() -> Router:
    router = Router(name="results")
    router.message.register(on_results, Command("results"))
    cb = router.callback_query
    cb.register(on_list, kb.ListCb.filter())
    cb.register(on_card, kb.CardCb.filter())
    cb.register(on_do, kb.DoCb.filter())
    return router
