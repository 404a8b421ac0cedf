"""The Bot API double answers a real aiogram Bot the way api.telegram.org does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from aiohttp import web

from tests.botapi import DEFAULT_TOKEN, SECRET_HEADER, BotAPIDouble

USER = 501
OTHER = 502
STRANGER = 503
GROUP = -4_000_000_101

# 1x1 transparent PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _QuickSession(AiohttpSession):
    """AiohttpSession.close() sleeps 250 ms for TLS shutdown; nothing to wait for here."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


@pytest.fixture
async def server() -> AsyncIterator[BotAPIDouble]:
    async with BotAPIDouble() as double:
        double.add_user(USER, "Анна", "Петрова", username="anna")
        double.add_user(OTHER, "Борис")
        double.add_user(STRANGER, "Вера")
        double.message_update(USER, "/start")
        double.message_update(OTHER, "/start")
        yield double


@pytest.fixture
async def bot(server: BotAPIDouble) -> AsyncIterator[Bot]:
    session = _QuickSession(api=TelegramAPIServer.from_base(server.base_url))
    bot = Bot(server.token, session=session)
    try:
        yield bot
    finally:
        await session.close()


def _keyboard(callback_data: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text="Кнопка", callback_data=callback_data)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def _bot_in_group(server: BotAPIDouble, chat_id: int = GROUP, **kwargs: bool) -> None:
    server.add_group(chat_id, "Руководители ШМО", **kwargs)
    server.my_chat_member_update(chat_id, USER, "member", "left")


# ---------------------------------------------------------------------------- limits


async def test_text_length_limit(server: BotAPIDouble, bot: Bot) -> None:
    sent = await bot.send_message(USER, "я" * 4096)
    assert len(sent.text or "") == 4096
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "я" * 4097)
    # the limit applies to the text after markup parsing
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert server.requests[-1].description is None


async def test_callback_data_limit_is_in_bytes(bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=_keyboard("a" * 64))
    assert len("ж" * 33) == 33  # 66 bytes in UTF-8
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "no", reply_markup=_keyboard("ж" * 33))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "no", reply_markup=_keyboard("a" * 65))


async def test_inline_keyboard_validation(bot: Bot) -> None:
    markup = {"inline_keyboard": [[{"text": "plain"}]]}
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed in the inline"):
        await bot.send_message(USER, "x", reply_markup=markup)  # type: ignore[arg-type]
    bad_url = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="site", url="ftp://example.com")]]
    )
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(USER, "x", reply_markup=bad_url)
    assert error.value.message == (
        "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: "
        "Unsupported URL protocol"
    )
    good_url = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="site", url="https://example.com")]]
    )
    sent = await bot.send_message(USER, "x", reply_markup=good_url)
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].url == "https://example.com/"


async def test_caption_length_limit(bot: Bot) -> None:
    photo = BufferedInputFile(PNG, "p.png")
    sent = await bot.send_photo(USER, photo, caption="c" * 1024)
    assert sent.caption == "c" * 1024
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(USER, BufferedInputFile(PNG, "p.png"), caption="c" * 1025)


async def test_empty_text(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "")
    with pytest.raises(TelegramBadRequest, match="text must be non-empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")


# ---------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("text", "description"),
    [
        (
            "<b>жирный",
            "Bad Request: can't parse entities: "
            'Can\'t find end tag corresponding to start tag "b"',
        ),
        (
            "<blink>x</blink>",
            'Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 0',
        ),
        (
            "5 < 6",
            'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
        ),
        (
            "<b><i>x</b></i>",
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 7, "
            'expected "</i>", found "</b>"',
        ),
        (
            "ы<u>x</b>",
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 6, "
            'expected "</u>", found "</b>"',
        ),
    ],
)
async def test_bad_html_is_rejected(bot: Bot, text: str, description: str) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(USER, text, parse_mode="HTML")
    assert error.value.message == description


async def test_good_html_gives_entities(server: BotAPIDouble, bot: Bot) -> None:
    text = (
        'Привет, <b>мир</b> 😀 <i>ok</i> <a href="https://example.com">link</a> '
        "&lt;tag&gt; &amp; <code>x</code> <tg-spoiler>s</tg-spoiler>"
    )
    sent = await bot.send_message(USER, text, parse_mode="html")
    assert sent.text == "Привет, мир 😀 ok link <tag> & x s"
    entities = [e.model_dump(exclude_none=True) for e in sent.entities or []]
    assert entities == [
        {"type": "bold", "offset": 8, "length": 3},
        {"type": "italic", "offset": 15, "length": 2},
        {"type": "text_link", "offset": 18, "length": 4, "url": "https://example.com/"},
        {"type": "code", "offset": 31, "length": 1},
        {"type": "spoiler", "offset": 33, "length": 1},
    ]
    pre = '<pre><code class="language-python">print(1)</code></pre>'
    sent = await bot.send_message(USER, pre, parse_mode="HTML")
    assert [e.model_dump(exclude_none=True) for e in sent.entities or []] == [
        {"type": "pre", "offset": 0, "length": 8, "language": "python"}
    ]
    assert server.messages(USER)[-1]["entities"][0]["language"] == "python"


async def test_markdown_v2(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(USER, "Готово.", parse_mode="MarkdownV2")
    assert error.value.message == (
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
        "with the preceding '\\'"
    )
    sent = await bot.send_message(
        USER,
        "*жирный* _курсив_ __подчёркнутый__ ~зачёркнутый~ ||спойлер|| `код` [ссылка](https://ya.ru)\\!",
        parse_mode="MarkdownV2",
    )
    assert sent.text == "жирный курсив подчёркнутый зачёркнутый спойлер код ссылка!"
    assert [e.type for e in sent.entities or []] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]


async def test_unsupported_parse_mode(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(USER, "x", parse_mode="BBCode")
    assert error.value.message == "Bad Request: unsupported parse_mode"


# ---------------------------------------------------------------------------- chats


async def test_chat_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(987654, "x")
    assert error.value.message == "Bad Request: chat not found"


async def test_user_who_never_started_the_bot(bot: Bot) -> None:
    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(STRANGER, "x")
    assert error.value.message == "Forbidden: bot can't initiate conversation with a user"


async def test_blocked_user(server: BotAPIDouble, bot: Bot) -> None:
    server.block(USER)
    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(USER, "x")
    assert error.value.message == "Forbidden: bot was blocked by the user"
    server.unblock(USER)
    await bot.send_message(USER, "снова")
    update = server.my_chat_member_update(USER, USER, "kicked", "member")
    Update.model_validate(update, context={"bot": bot})
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_chat_action(USER, "typing")


async def test_group_membership(server: BotAPIDouble, bot: Bot) -> None:
    server.add_group(GROUP, "Группа")
    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(GROUP, "x")
    assert error.value.message == "Forbidden: bot is not a member of the group chat"
    added = server.my_chat_member_update(GROUP, USER, "administrator", "left")
    assert Update.model_validate(added, context={"bot": bot}).my_chat_member is not None
    await bot.send_message(GROUP, "всем привет")
    me = await bot.get_chat_member(GROUP, server.bot_id)
    assert me.status == "administrator"
    server.my_chat_member_update(GROUP, USER, "kicked")
    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(GROUP, "x")
    assert error.value.message == "Forbidden: bot was kicked from the group chat"


async def test_migrated_group(server: BotAPIDouble, bot: Bot) -> None:
    await _bot_in_group(server)
    updates = server.migrate_group(GROUP, -1_001_000_000_101)
    parsed = [Update.model_validate(u, context={"bot": bot}) for u in updates]
    assert parsed[0].message is not None
    assert parsed[0].message.migrate_to_chat_id == -1_001_000_000_101
    assert parsed[1].message is not None
    assert parsed[1].message.migrate_from_chat_id == GROUP
    with pytest.raises(TelegramMigrateToChat) as error:
        await bot.send_message(GROUP, "x")
    assert error.value.migrate_to_chat_id == -1_001_000_000_101
    sent = await bot.send_message(-1_001_000_000_101, "уже супергруппа")
    assert sent.chat.type == "supergroup"


async def test_get_chat_and_members(server: BotAPIDouble, bot: Bot) -> None:
    await _bot_in_group(server)
    server.chat_member_add(GROUP, OTHER, "creator")
    chat = await bot.get_chat(GROUP)
    assert chat.title == "Руководители ШМО"
    assert (await bot.get_chat_member(GROUP, OTHER)).status == "creator"
    assert (await bot.get_chat_member(GROUP, STRANGER)).status == "left"
    with pytest.raises(TelegramBadRequest, match="user not found"):
        await bot.get_chat_member(GROUP, 424242)
    assert await bot.leave_chat(GROUP) is True
    with pytest.raises(TelegramForbiddenError, match="not a member"):
        await bot.send_message(GROUP, "x")


# ---------------------------------------------------------------------------- failures


async def test_scripted_failures(server: BotAPIDouble, bot: Bot) -> None:
    server.fail_next("sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(USER, "x")
    assert retry.value.retry_after == 7
    assert server.requests[-1].description == "Too Many Requests: retry after 7"
    await bot.send_message(USER, "x")  # only the next one failed

    server.fail_next(chat_id=OTHER, error_code=502)
    await bot.send_message(USER, "other chats are fine")
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_message(OTHER, "x")

    server.fail_next("getMe", error_code=0)
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()

    server.fail_next("sendMessage", migrate_to_chat_id=-1_001_234)
    with pytest.raises(TelegramMigrateToChat) as migrate:
        await bot.send_message(USER, "x")
    assert migrate.value.migrate_to_chat_id == -1_001_234


async def test_enforced_limits_private(server: BotAPIDouble, bot: Bot) -> None:
    server.enforce_limits = True
    await bot.send_message(USER, "первое")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(USER, "второе")
    assert error.value.retry_after == 1
    await bot.send_message(OTHER, "другой чат")
    assert len(server.messages(USER)) == 1


async def test_enforced_limits_group(server: BotAPIDouble, bot: Bot) -> None:
    await _bot_in_group(server)
    server.enforce_limits = True
    for number in range(20):
        await bot.send_message(GROUP, f"сообщение {number}")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(GROUP, "двадцать первое")
    assert 50 <= error.value.retry_after <= 60
    assert len(server.messages(GROUP)) == 20


async def test_enforced_global_limit() -> None:
    async with BotAPIDouble(enforce_limits=True, global_per_second=3) as server:
        for user_id in range(10, 15):
            server.add_user(user_id, "U", started=True)
        session = _QuickSession(api=TelegramAPIServer.from_base(server.base_url))
        bot = Bot(server.token, session=session)
        try:
            for user_id in range(10, 13):
                await bot.send_message(user_id, "x")
            with pytest.raises(TelegramRetryAfter):
                await bot.send_message(13, "x")
        finally:
            await session.close()


# ---------------------------------------------------------------------------- editing


async def test_edit_and_delete(server: BotAPIDouble, bot: Bot) -> None:
    sent = await bot.send_message(USER, "версия 1", reply_markup=_keyboard("v1"))
    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_text(
            "версия 1", chat_id=USER, message_id=sent.message_id, reply_markup=_keyboard("v1")
        )
    assert error.value.message == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    edited = await bot.edit_message_text("версия 2", chat_id=USER, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.edit_date is not None
    assert edited.reply_markup is None
    [current] = server.messages(USER)
    assert current["text"] == "версия 2"

    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=9999)
    photo = await bot.send_photo(USER, BufferedInputFile(PNG, "p.png"))
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=USER, message_id=photo.message_id)
    await bot.edit_message_caption(chat_id=USER, message_id=photo.message_id, caption="подпись")
    await bot.edit_message_reply_markup(
        chat_id=USER, message_id=photo.message_id, reply_markup=_keyboard("p")
    )
    assert (
        server.messages(USER)[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "p"
    )

    assert await bot.delete_message(USER, sent.message_id) is True
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=sent.message_id)
    assert [m["message_id"] for m in server.messages(USER)] == [photo.message_id]
    assert all(m["message_id"] != sent.message_id for m in server.history(USER))


async def test_callback_query_answered_once(server: BotAPIDouble, bot: Bot) -> None:
    sent = await bot.send_message(USER, "выбор", reply_markup=_keyboard("pick"))
    [raw] = server.messages(USER)
    update = server.callback_update(USER, raw, "pick")
    query = Update.model_validate(update, context={"bot": bot}).callback_query
    assert query is not None
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query.id, text="x" * 201)
    assert await bot.answer_callback_query(query.id, text="Готово", show_alert=True)
    with pytest.raises(TelegramBadRequest) as error:
        await bot.answer_callback_query(query.id)
    assert error.value.message == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    assert server.callback_answers() == [
        {"callback_query_id": query.id, "text": "Готово", "show_alert": True}
    ]


# ---------------------------------------------------------------------------- files


async def test_document_upload_and_download(server: BotAPIDouble, bot: Bot) -> None:
    content = "Отчёт ШМО\n".encode() * 100
    sent = await bot.send_document(
        USER, BufferedInputFile(content, "отчёт.txt"), caption="<i>отчёт</i>", parse_mode="HTML"
    )
    assert sent.document is not None
    assert sent.document.file_name == "отчёт.txt"
    assert sent.document.file_size == len(content)
    assert sent.caption == "отчёт"
    request = server.calls("sendDocument")[-1]
    assert [data for _, data in request.files.values()] == [content]

    file = await bot.get_file(sent.document.file_id)
    assert file.file_path
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None
    assert downloaded.read() == content
    assert server.file_bytes(sent.document.file_id) == content

    again = await bot.send_document(OTHER, sent.document.file_id)
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_document(USER, "no-such-file-id")
    assert error.value.message == "Bad Request: wrong file identifier/HTTP URL specified"
    by_url = await bot.send_document(USER, "https://example.com/files/plan.pdf")
    assert by_url.document is not None
    assert by_url.document.file_name == "plan.pdf"


async def test_incoming_files(server: BotAPIDouble, bot: Bot) -> None:
    update = server.message_update(
        USER, document=("план.docx", b"PK\x03\x04", "application/msword"), caption="план"
    )
    message = Update.model_validate(update, context={"bot": bot}).message
    assert message is not None
    assert message.document is not None
    file = await bot.get_file(message.document.file_id)
    assert file.file_path
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None
    assert downloaded.read() == b"PK\x03\x04"

    update = server.message_update(USER, photo=PNG)
    message = Update.model_validate(update, context={"bot": bot}).message
    assert message is not None
    assert message.photo
    assert (message.photo[-1].width, message.photo[-1].height) == (1, 1)
    assert server.file_bytes(message.photo[-1].file_id) == PNG
    forwarded = await bot.send_photo(OTHER, message.photo[-1].file_id)
    assert forwarded.photo == message.photo


async def test_media_group(server: BotAPIDouble, bot: Bot) -> None:
    album = [
        InputMediaPhoto(media=BufferedInputFile(PNG, "1.png"), caption="первая"),
        InputMediaPhoto(media=BufferedInputFile(PNG, "2.png")),
        InputMediaPhoto(media="https://example.com/3.jpg"),
    ]
    sent = await bot.send_media_group(USER, album)
    assert len(sent) == 3
    assert len({m.media_group_id for m in sent}) == 1
    assert sent[0].caption == "первая"
    assert [m["message_id"] for m in server.messages(USER)] == [m.message_id for m in sent]
    with pytest.raises(TelegramBadRequest, match="too many messages to send as an album"):
        await bot.send_media_group(USER, [InputMediaPhoto(media=BufferedInputFile(PNG, "p"))] * 11)
    mixed = [
        InputMediaPhoto(media=BufferedInputFile(PNG, "1.png")),
        InputMediaDocument(media=BufferedInputFile(b"doc", "d.txt")),
    ]
    with pytest.raises(TelegramBadRequest, match="document can't be mixed"):
        await bot.send_media_group(USER, mixed)


# ---------------------------------------------------------------------------- misc methods


async def test_commands_round_trip(server: BotAPIDouble, bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Начать"),
        BotCommand(command="help", description="Помощь"),
    ]

    def pairs(items: list[BotCommand]) -> list[tuple[str, str]]:
        return [(c.command, c.description) for c in items]

    assert await bot.set_my_commands(commands)
    assert pairs(await bot.get_my_commands()) == [("start", "Начать"), ("help", "Помощь")]
    assert await bot.get_my_commands(language_code="en") == []
    scope = BotCommandScopeChat(chat_id=USER)
    await bot.set_my_commands(commands[:1], scope=scope, language_code="ru")
    assert pairs(await bot.get_my_commands(scope=scope, language_code="ru")) == [
        ("start", "Начать")
    ]
    assert server.commands({"type": "chat", "chat_id": USER}, "ru") == [
        {"command": "start", "description": "Начать"}
    ]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Старт", description="x")])


async def test_incoming_command_entity(server: BotAPIDouble, bot: Bot) -> None:
    update = server.message_update(USER, f"/start@{server.username} payload")
    message = Update.model_validate(update, context={"bot": bot}).message
    assert message is not None
    assert message.entities is not None
    [entity] = message.entities
    assert (entity.type, entity.offset, entity.length) == (
        "bot_command",
        0,
        len(f"/start@{server.username}"),
    )
    reply = await bot.send_message(USER, "ответ", reply_to_message_id=message.message_id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == message.message_id
    assert [m["message_id"] for m in server.history(USER)][-2:] == [
        message.message_id,
        reply.message_id,
    ]


async def test_long_polling(server: BotAPIDouble, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=2))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    update = server.message_update(USER, "привет")
    server.enqueue(update)
    updates = await asyncio.wait_for(poll, 1.5)
    assert time.monotonic() - started < 0.5
    assert [u.update_id for u in updates] == [update["update_id"]]
    assert updates[0].message is not None
    assert updates[0].message.text == "привет"

    # not confirmed yet: delivered again; the offset confirms it
    assert [u.update_id for u in await bot.get_updates()] == [update["update_id"]]
    assert await bot.get_updates(offset=update["update_id"] + 1) == []
    assert server.pending_updates() == []

    # allowed_updates filters what is delivered
    await bot.send_message(USER, "кнопки", reply_markup=_keyboard("x"))
    server.enqueue(server.callback_update(USER, server.messages(USER)[-1], "x"))
    server.enqueue(server.message_update(USER, "второе"))
    delivered = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in delivered if u.message] == ["второе"]

    started = time.monotonic()
    assert await bot.get_updates(offset=delivered[-1].update_id + 1, timeout=1) == []
    assert time.monotonic() - started >= 0.9


# ---------------------------------------------------------------------------- raw HTTP


async def test_raw_http_answers(server: BotAPIDouble) -> None:
    async with aiohttp.ClientSession() as http:
        wrong = DEFAULT_TOKEN.replace("AAH", "BBH")
        async with http.post(f"{server.base_url}/bot{wrong}/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.get(f"{server.base_url}/bot{server.token}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        # method names are case-insensitive; JSON bodies work too
        payload = {"chat_id": USER, "text": "<b>json</b>", "parse_mode": "HTML"}
        async with http.post(
            f"{server.base_url}/bot{server.token}/SENDMESSAGE", json=payload
        ) as response:
            assert response.status == 200
            body = await response.json()
        assert body["ok"] is True
        assert body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
        async with http.post(
            f"{server.base_url}/bot{server.token}/sendMessage",
            data={"chat_id": str(USER), "text": "x", "reply_to_message_id": "777"},
        ) as response:
            assert response.status == 400
            assert (await response.json())["description"] == (
                "Bad Request: message to be replied not found"
            )
        server.fail_next("sendMessage", retry_after=3)
        async with http.post(
            f"{server.base_url}/bot{server.token}/sendMessage",
            data={"chat_id": str(USER), "text": "x"},
        ) as response:
            assert response.status == 429
            assert await response.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            }
    methods = [r.method for r in server.requests]
    assert methods == ["getMe", "noSuchMethod", "sendMessage", "sendMessage", "sendMessage"]
    assert server.requests[2].params == payload


async def test_wrong_token_with_aiogram(server: BotAPIDouble) -> None:
    session = _QuickSession(api=TelegramAPIServer.from_base(server.base_url))
    bot = Bot("42:" + "x" * 35, session=session)
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await bot.get_me()
    finally:
        await session.close()


async def test_every_request_is_recorded(server: BotAPIDouble, bot: Bot) -> None:
    await bot.get_me()
    await bot.send_chat_action(USER, "typing")
    sent = await bot.send_message(USER, "текст", reply_markup=_keyboard("data"))
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(987654, "x")
    assert [r.method for r in server.requests] == [
        "getMe",
        "sendChatAction",
        "sendMessage",
        "sendMessage",
    ]
    ok = server.requests[2]
    assert ok.ok
    assert ok.params["chat_id"] == USER
    assert ok.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Кнопка", "callback_data": "data"}]]
    }
    assert ok.result["message_id"] == sent.message_id
    failed = server.requests[3]
    assert (failed.ok, failed.error_code, failed.description) == (
        False,
        400,
        "Bad Request: chat not found",
    )
    assert server.requests[0].at <= server.requests[3].at
    assert len(server.calls("sendmessage")) == 2
    assert server.internal_errors == []


async def test_wait_for(server: BotAPIDouble, bot: Bot) -> None:
    async def later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(USER, "готово")

    task = asyncio.create_task(later())
    await server.wait_for(lambda: bool(server.messages(USER)), timeout=2)
    await task
    with pytest.raises(TimeoutError, match="sendMessage"):
        await server.wait_for(lambda: False, timeout=0.1)


async def test_reply_keyboard_is_visible_in_messages(server: BotAPIDouble, bot: Bot) -> None:
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Меню")]], resize_keyboard=True)
    sent = await bot.send_message(USER, "выберите", reply_markup=keyboard)
    assert sent.reply_markup is None  # Telegram echoes inline keyboards only
    [shown] = server.messages(USER)
    assert shown["reply_markup"] == {"keyboard": [[{"text": "Меню"}]], "resize_keyboard": True}
    assert server.calls("sendMessage")[-1].result.get("reply_markup") is None


async def test_stop_answers_a_pending_long_poll() -> None:
    double = BotAPIDouble()
    await double.start()
    session = _QuickSession(api=TelegramAPIServer.from_base(double.base_url))
    bot = Bot(double.token, session=session)
    try:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await double.wait_for(lambda: bool(double.calls("getUpdates")), timeout=2)
        started = time.monotonic()
        await double.stop()
        assert await asyncio.wait_for(poll, 2) == []
        assert time.monotonic() - started < 1
    finally:
        await session.close()


# ---------------------------------------------------------------------------- latency


async def test_latency_delays_every_answer_but_get_updates(server: BotAPIDouble, bot: Bot) -> None:
    server.set_latency(None, 0.3)
    started = time.monotonic()
    await bot.send_message(USER, "медленно")
    assert time.monotonic() - started >= 0.3
    [sent] = server.calls("sendMessage")
    assert 0.3 <= sent.answered_at - sent.at < 5

    server.enqueue(server.message_update(USER, "привет"))
    server.set_latency(None, 5)
    started = time.monotonic()
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["привет"]
    assert time.monotonic() - started < 2
    poll = server.calls("getUpdates")[-1]
    assert poll.answered_at - poll.at < 2


async def test_latency_per_method_and_per_chat() -> None:
    async with BotAPIDouble(latency=0.3) as double:
        double.add_user(USER, "Анна", started=True)
        double.add_user(OTHER, "Борис", started=True)
        double.set_latency("sendMessage", 0)
        double.set_latency("getUpdates", 0.3)
        double.set_latency("sendMessage", 0.6, chat_id=OTHER)
        session = _QuickSession(api=TelegramAPIServer.from_base(double.base_url))
        bot = Bot(double.token, session=session)
        try:
            await bot.get_me()
            await bot.send_message(USER, "быстро")
            await bot.send_message(OTHER, "медленнее всех")
            await bot.get_updates(timeout=0)
        finally:
            await session.close()
        took = {(r.method, r.params.get("chat_id")): r.answered_at - r.at for r in double.requests}
    assert 0.3 <= took[("getMe", None)] < 5
    assert took[("sendMessage", USER)] < 0.25
    assert 0.6 <= took[("sendMessage", OTHER)] < 5
    assert 0.3 <= took[("getUpdates", None)] < 5
    assert double.latency("sendChatAction", OTHER) == 0.3
    with pytest.raises(ValueError, match="latency"):
        double.set_latency(None, -1)


async def test_latency_delays_the_answer_not_the_effect(server: BotAPIDouble, bot: Bot) -> None:
    server.set_latency(None, 3)
    task = asyncio.create_task(bot.send_message(USER, "уже в чате"))
    try:
        await server.wait_for(lambda: bool(server.messages(USER)), timeout=2)
        assert not task.done()
        assert server.messages(USER)[0]["text"] == "уже в чате"
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_latency_delays_scripted_failures_and_dropped_connections(
    server: BotAPIDouble, bot: Bot
) -> None:
    server.set_latency(None, 0.3)
    server.fail_next("sendMessage", error_code=500)
    server.fail_next("sendMessage", error_code=0)
    started = time.monotonic()
    with pytest.raises(TelegramServerError):
        await bot.send_message(USER, "x")
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER, "x")
    assert time.monotonic() - started >= 0.3
    assert [r.error_code for r in server.calls("sendMessage")] == [500, 0]


# ---------------------------------------------------------------------------- webhooks


class _Receiver:
    """The bot's side of a webhook: records what Telegram posts and answers ``status``."""

    def __init__(self) -> None:
        self.status = 200
        self.posts: list[tuple[dict[str, str], dict]] = []
        self.gate: asyncio.Event | None = None
        self.open_now = 0
        self.most_open = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        try:
            self.posts.append((dict(request.headers), await request.json()))
            if self.gate is not None:
                await self.gate.wait()
            return web.json_response({}, status=self.status)
        finally:
            self.open_now -= 1

    async def __aenter__(self) -> _Receiver:
        app = web.Application()
        app.router.add_post("/webhook", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/webhook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.gate is not None:
            self.gate.set()
        assert self._runner is not None
        await self._runner.cleanup()

    def texts(self) -> list[str]:
        return [body["message"]["text"] for _, body in self.posts if "message" in body]


async def test_webhook_delivers_updates_with_the_secret(server: BotAPIDouble, bot: Bot) -> None:
    async with _Receiver() as receiver:
        server.enqueue(server.message_update(USER, "до вебхука"))
        await bot.set_webhook(receiver.url, secret_token="s3cr-et_", drop_pending_updates=False)
        server.enqueue(server.message_update(OTHER, "после"))
        await server.wait_for(lambda: not server.pending_updates(), timeout=5)
        assert sorted(receiver.texts()) == ["до вебхука", "после"]
        assert {headers[SECRET_HEADER] for headers, _ in receiver.posts} == {"s3cr-et_"}
        assert {headers["Content-Type"] for headers, _ in receiver.posts} == {"application/json"}
        assert all(d.ok for d in server.webhook_deliveries)
        # the body is an Update aiogram reads
        assert Update.model_validate(receiver.posts[0][1]).message is not None

        with pytest.raises(TelegramConflictError):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count, info.max_connections) == (
            receiver.url,
            0,
            40,
        )
        assert info.last_error_message is None
    assert not server.internal_errors


async def test_webhook_without_a_secret_sends_no_header(server: BotAPIDouble, bot: Bot) -> None:
    async with _Receiver() as receiver:
        await bot.set_webhook(receiver.url)
        server.enqueue(server.message_update(USER, "привет"))
        await server.wait_for(lambda: bool(receiver.posts), timeout=5)
        assert SECRET_HEADER not in receiver.posts[0][0]


async def test_a_refused_webhook_is_retried_and_reported(server: BotAPIDouble, bot: Bot) -> None:
    server.webhook_retry_delay = 0.05
    async with _Receiver() as receiver:
        receiver.status = 403
        await bot.set_webhook(receiver.url, secret_token="secret")
        server.enqueue(server.message_update(USER, "раз"))
        await server.wait_for(lambda: len(receiver.posts) >= 2, timeout=5)
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 1
        assert info.last_error_message == "Wrong response from the webhook: 403 Forbidden"
        assert info.last_error_date is not None

        receiver.status = 200
        await server.wait_for(lambda: not server.pending_updates(), timeout=5)
        assert set(receiver.texts()) == {"раз"}
        statuses = [d.status for d in server.webhook_deliveries]
        assert statuses[-1] == 200
        assert set(statuses[:-1]) == {403}


async def test_a_webhook_nobody_listens_on_keeps_the_updates(
    server: BotAPIDouble, bot: Bot
) -> None:
    server.webhook_retry_delay = 0.05
    async with _Receiver() as receiver:
        url = receiver.url
    await bot.set_webhook(url)
    server.enqueue(server.message_update(USER, "никого"))
    await server.wait_for(lambda: len(server.webhook_deliveries) >= 2, timeout=5)
    assert {d.status for d in server.webhook_deliveries} == {None}
    assert (await bot.get_webhook_info()).last_error_message.startswith("Connection failed")
    assert len(server.pending_updates()) == 1


async def test_a_webhook_that_answers_too_late_gets_the_same_update_again(
    server: BotAPIDouble, bot: Bot
) -> None:
    """As Telegram: no answer within the webhook's timeout, and the update is posted again,
    the same update with the same id, until an answer confirms it."""
    server.webhook_retry_delay = 0.05
    server.webhook_timeout = 0.3
    async with _Receiver() as receiver:
        receiver.gate = asyncio.Event()
        await bot.set_webhook(receiver.url)
        server.enqueue(server.message_update(USER, "долго"))
        await server.wait_for(lambda: len(receiver.posts) >= 2, timeout=5)
        assert server.webhook_deliveries[0].status is None
        assert server.webhook_deliveries[0].error == "Read timeout expired"
        assert len(server.pending_updates()) == 1
        receiver.gate.set()
        await server.wait_for(lambda: not server.pending_updates(), timeout=5)
    assert len({body["update_id"] for _, body in receiver.posts}) == 1
    assert set(receiver.texts()) == {"долго"}
    assert server.webhook_deliveries[-1].ok


async def test_webhook_keeps_to_max_connections(server: BotAPIDouble, bot: Bot) -> None:
    async with _Receiver() as receiver:
        receiver.gate = asyncio.Event()
        await bot.set_webhook(receiver.url, max_connections=3)
        for n in range(10):
            server.enqueue(server.message_update(USER, f"№{n}"))
        await server.wait_for(lambda: receiver.open_now == 3, timeout=5)
        await asyncio.sleep(0.1)
        assert len(receiver.posts) == 3
        receiver.gate.set()
        await server.wait_for(lambda: not server.pending_updates(), timeout=5)
        assert receiver.most_open == 3
        assert sorted(receiver.texts()) == sorted(f"№{n}" for n in range(10))


async def test_delete_webhook_brings_polling_back(server: BotAPIDouble, bot: Bot) -> None:
    async with _Receiver() as receiver:
        receiver.status = 500
        server.webhook_retry_delay = 0.05
        await bot.set_webhook(receiver.url, allowed_updates=["message"])
        server.enqueue(server.message_update(USER, "осталось"))
        await server.wait_for(lambda: bool(receiver.posts), timeout=5)
        assert (await bot.get_webhook_info()).allowed_updates == ["message"]
        await bot.delete_webhook()
        assert server.webhook_url == ""
        updates = await bot.get_updates()
        assert [u.message.text for u in updates if u.message] == ["осталось"]


async def test_set_webhook_checks_its_parameters(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="invalid webhook URL"):
        await bot.set_webhook("not a url")
    with pytest.raises(TelegramBadRequest, match="secret token"):
        await bot.set_webhook("https://example.com/webhook", secret_token="with space")
