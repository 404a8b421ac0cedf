"""Text formatting as the Bot API does it: HTML, MarkdownV2 and legacy Markdown.

The parsers follow the behaviour of TDLib (which powers the Bot API server): same accepted
syntax, same error texts, entity offsets and lengths in UTF-16 code units.  Every parser
returns ``(text, entities)`` or raises :class:`EntityParseError` whose ``message`` is the part
that follows ``"Bad Request: can't parse entities: "``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EntityParseError",
    "LinkError",
    "check_link",
    "finalize_text",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "parse_text",
    "sort_entities",
    "utf16_len",
]


class EntityParseError(Exception):
    """Malformed markup; ``message`` is the text Telegram puts after "can't parse entities: "."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LinkError(Exception):
    """A URL Telegram refuses; ``message`` is e.g. ``"URL 'x' is invalid: Wrong HTTP URL"``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) >> 1


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


_PRIORITY = {
    "bold": 90,
    "italic": 91,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "underline": 92,
    "strikethrough": 93,
    "blockquote": 0,
    "expandable_blockquote": 0,
    "spoiler": 94,
    "custom_emoji": 99,
}


def sort_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort as Telegram does: by offset, longer first, then by type priority."""

    def key(entity: dict[str, Any]) -> tuple[int, int, int]:
        priority = _PRIORITY.get(entity["type"], 50)
        if entity["type"] == "pre" and entity.get("language"):
            priority = 10
        return (entity["offset"], -entity["length"], priority)

    entities.sort(key=key)
    return entities


# --------------------------------------------------------------------------------------------
# links

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_TG_HOST_RE = re.compile(r"^[A-Za-z0-9_\-]+$")


def _check_link_impl(link: str) -> str:
    lower = link.lower()
    if lower.startswith(("tg:", "ton:")):
        is_tg = lower.startswith("tg:")
        rest = link[3:] if is_tg else link[4:]
        if rest.startswith("//"):
            rest = rest[2:]
        if rest.lower().startswith(("http://", "https://")) or not rest:
            raise LinkError("Wrong tg URL" if is_tg else "Wrong ton URL")
        cut = len(rest)
        for sep in "/?#":
            pos = rest.find(sep)
            if pos != -1:
                cut = min(cut, pos)
        host, tail = rest[:cut], rest[cut:]
        if not host or not _TG_HOST_RE.match(host):
            raise LinkError("Unallowed characters in URL host")
        if not tail.startswith("/"):
            tail = "/" + tail
        if tail.startswith("/?"):
            tail = tail[1:]
        return f"{'tg' if is_tg else 'ton'}://{host.lower()}{tail}"

    scheme = "http"
    rest = link
    match = _SCHEME_RE.match(link)
    if match and link[match.end() : match.end() + 2] == "//":
        scheme = match.group(1).lower()
        if scheme not in ("http", "https"):
            raise LinkError("Unsupported URL protocol")
        rest = link[match.end() + 2 :]
    elif match and not link[match.end() :][:1].isdigit():
        # "mailto:x", "javascript:x" ... (a digit after ':' would be a port number)
        raise LinkError("Wrong HTTP URL")
    cut = len(rest)
    for sep in "/?#":
        pos = rest.find(sep)
        if pos != -1:
            cut = min(cut, pos)
    authority, tail = rest[:cut], rest[cut:]
    userinfo = ""
    if "@" in authority:
        userinfo, authority = authority.rsplit("@", 1)
        userinfo += "@"
    host, port = authority, ""
    if ":" in authority and not authority.startswith("["):
        host, port_text = authority.rsplit(":", 1)
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise LinkError("Wrong port number specified in the URL")
        port = ":" + port_text
    if not host or any(c.isspace() or c in "<>\"'\\" for c in host):
        raise LinkError("Wrong HTTP URL")
    if "." not in host and not host.startswith("["):
        raise LinkError("Wrong HTTP URL")
    if not tail.startswith("/"):
        tail = "/" + tail
    return f"{scheme}://{userinfo}{host.lower()}{port}{tail}"


def check_link(link: str) -> str:
    """Validate and normalise a URL the way Telegram does (``example.com`` ->
    ``http://example.com/``); raise :class:`LinkError` otherwise."""
    try:
        return _check_link_impl(link.strip())
    except LinkError as exc:
        raise LinkError(f"URL '{link}' is invalid: {exc.message}") from None


def _checked_link_or_none(link: str) -> str | None:
    try:
        return _check_link_impl(link.strip())
    except LinkError:
        return None


_USER_LINK_RE = re.compile(r"^tg:(?://)?user\?id=(\d+)$", re.IGNORECASE)


def _link_entity(offset: int, length: int, url: str) -> dict[str, Any] | None:
    user = _USER_LINK_RE.match(url.strip())
    if user:
        return {
            "type": "text_mention",
            "offset": offset,
            "length": length,
            "user": {"id": int(user.group(1))},
        }
    checked = _checked_link_or_none(url)
    if checked is None:
        return None
    return {"type": "text_link", "offset": offset, "length": length, "url": checked}


# --------------------------------------------------------------------------------------------
# HTML

_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
}
_HTML_SPECIAL_RE = re.compile(r"[<&]")
_SPACE = " \t\r\n\v\0"
_NAMED_ENTITIES = {"lt": 0x3C, "gt": 0x3E, "amp": 0x26, "quot": 0x22}


def _decode_html_entity(src: str, pos: int) -> tuple[int, int]:
    """Return ``(code_point, new_pos)``; code point 0 means "not an entity"."""
    n = len(src)
    end = pos + 1
    res = 0
    if end < n and src[end] == "#":
        end += 1
        if end < n and src[end] == "x":
            end += 1
            while end < n and src[end] in "0123456789abcdefABCDEF":
                res = res * 16 + int(src[end], 16)
                end += 1
        else:
            while end < n and "0" <= src[end] <= "9":
                res = res * 10 + ord(src[end]) - 48
                end += 1
        if res == 0 or res >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while end < n and src[end].isascii() and src[end].isalpha():
            end += 1
        res = _NAMED_ENTITIES.get(src[pos + 1 : end], 0)
        if res == 0:
            return 0, pos
    if end < n and src[end] == ";":
        end += 1
    return res, end


@dataclass(slots=True)
class _HtmlOpen:
    tag: str
    argument: str
    offset: int
    out_pieces: int


def parse_html(src: str, *, strict_ampersand: bool = False) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML.  ``strict_ampersand`` rejects a ``&`` that does not start a known
    entity (Telegram itself keeps such an ``&`` as a literal character)."""
    n = len(src)
    out: list[str] = []
    u16 = 0
    nested: list[_HtmlOpen] = []
    entities: list[dict[str, Any]] = []

    def at(k: int) -> str:
        return src[k] if k < n else "\0"

    i = 0
    while i < n:
        match = _HTML_SPECIAL_RE.search(src, i)
        j = match.start() if match else n
        if j > i:
            chunk = src[i:j]
            out.append(chunk)
            u16 += utf16_len(chunk)
            i = j
            continue
        c = src[i]
        if c == "&":
            code, new_pos = _decode_html_entity(src, i)
            if code:
                if 0xD800 <= code <= 0xDFFF:
                    raise EntityParseError(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                out.append(chr(code))
                u16 += 2 if code > 0xFFFF else 1
                i = new_pos
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte_offset(src, i)} '
                    'must be escaped as "&amp;"'
                )
            out.append("&")
            u16 += 1
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            while at(i) not in _SPACE and at(i) != ">":
                i += 1
            if i >= n:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(src, begin)}"
                )
            tag = src[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(src, begin)}'
                )
            argument = ""
            while at(i) != ">":
                while i < n and at(i) in _SPACE:
                    i += 1
                if at(i) == ">":
                    break
                attr_begin = i
                while at(i) not in _SPACE and at(i) not in "=>/\"'":
                    i += 1
                attr_name = src[attr_begin:i]
                if not attr_name:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(src, begin)}"
                    )
                while i < n and at(i) in _SPACE:
                    i += 1
                if at(i) != "=":
                    if i >= n:
                        raise EntityParseError(
                            f'Unclosed start tag "{tag}" at byte offset {_byte_offset(src, begin)}'
                        )
                    if tag == "blockquote" and attr_name == "expandable":
                        argument = "1"
                    continue
                i += 1
                while i < n and at(i) in _SPACE:
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(src, begin)}'
                    )
                if at(i) not in "'\"":
                    token_begin = i
                    while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                        i += 1
                    value = src[token_begin:i].lower()
                    if at(i) not in _SPACE and at(i) != ">":
                        raise EntityParseError(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(src, token_begin)}"
                        )
                else:
                    quote = src[i]
                    i += 1
                    buf: list[str] = []
                    while i < n and src[i] != quote:
                        if src[i] == "&":
                            code, new_pos = _decode_html_entity(src, i)
                            if code:
                                buf.append(chr(code))
                                i = new_pos
                                continue
                        buf.append(src[i])
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(buf)
                if i >= n:
                    raise EntityParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(src, begin)}"
                    )
                if tag == "a" and attr_name == "href":
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif (tag == "tg-emoji" and attr_name == "emoji-id") or (
                    tag == "tg-time" and attr_name == "format"
                ):
                    argument = value
                elif tag == "blockquote" and attr_name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(src, begin)}"
                )
            nested.append(_HtmlOpen(tag, argument, u16, len(out)))
            i += 1  # skip '>'
            continue

        # end tag
        if not nested:
            raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(src, begin)}")
        while at(i) not in _SPACE and at(i) != ">":
            i += 1
        end_tag = src[begin + 2 : i].lower()
        while i < n and at(i) in _SPACE:
            i += 1
        if at(i) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(src, begin)}")
        top = nested[-1]
        if end_tag and end_tag != top.tag:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {_byte_offset(src, begin)}, "
                f'expected "</{top.tag}>", found "</{end_tag}>"'
            )
        i += 1  # skip '>'
        if u16 > top.offset:
            offset, length = top.offset, u16 - top.offset
            tag = top.tag
            simple = _HTML_SIMPLE.get(tag)
            last = entities[-1] if entities else None
            if simple is not None or tag == "span":
                entities.append({"type": simple or "spoiler", "offset": offset, "length": length})
            elif tag == "tg-emoji":
                if not top.argument.isdigit() or int(top.argument) == 0:
                    raise EntityParseError("Invalid custom emoji identifier specified")
                entities.append(
                    {
                        "type": "custom_emoji",
                        "offset": offset,
                        "length": length,
                        "custom_emoji_id": top.argument,
                    }
                )
            elif tag == "tg-time":
                pass
            elif tag == "a":
                url = top.argument or "".join(out[top.out_pieces :])
                entity = _link_entity(offset, length, url)
                if entity is not None:
                    entities.append(entity)
            elif tag == "pre":
                if (
                    last is not None
                    and last["type"] == "code"
                    and last["offset"] == offset
                    and last["length"] == length
                    and last.get("_language")
                ):
                    last["type"] = "pre"
                    last["language"] = last.pop("_language")
                else:
                    entities.append({"type": "pre", "offset": offset, "length": length})
            elif tag == "code":
                if (
                    last is not None
                    and last["type"] == "pre"
                    and last["offset"] == offset
                    and last["length"] == length
                    and top.argument
                ):
                    last["language"] = top.argument
                else:
                    entity = {"type": "code", "offset": offset, "length": length}
                    if top.argument:
                        entity["_language"] = top.argument
                    entities.append(entity)
            elif tag == "blockquote":
                kind = "expandable_blockquote" if top.argument else "blockquote"
                entities.append({"type": kind, "offset": offset, "length": length})
        nested.pop()

    if nested:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{nested[-1].tag}"')
    for entity in entities:
        entity.pop("_language", None)
    return "".join(out), sort_entities(entities)


# --------------------------------------------------------------------------------------------
# MarkdownV2

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!\n")
_MDV2_SPECIAL_RE = re.compile(r"[_*\[\]()~`>#+\-=|{}.!\n\\]")
_MDV2_CODE_SPECIAL_RE = re.compile(r"[`\\]")
_MD_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}
_CUSTOM_EMOJI_RE = re.compile(r"^tg://emoji\?id=(\d+)$")


@dataclass(slots=True)
class _MdOpen:
    type: str
    argument: str
    offset: int
    char_pos: int
    out_pieces: int
    extra: dict[str, Any] = field(default_factory=dict)


def _reserved_error(ch: str) -> EntityParseError:
    return EntityParseError(
        f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
    )


def parse_markdown_v2(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram MarkdownV2."""
    n = len(src)
    out: list[str] = []
    u16 = 0
    nested: list[_MdOpen] = []
    entities: list[dict[str, Any]] = []
    have_blockquote = False
    can_start_blockquote = True

    def at(k: int) -> str:
        return src[k] if 0 <= k < n else "\0"

    def end_error(info: _MdOpen) -> EntityParseError:
        return EntityParseError(
            f"Can't find end of {_MD_TYPE_NAMES[info.type]} entity at byte offset "
            f"{_byte_offset(src, info.char_pos)}"
        )

    i = -1
    while True:
        i += 1
        if i >= n:
            break
        c = src[i]
        if c == "\\" and "\x01" <= at(i + 1) <= "~":
            i += 1
            u16 += 1
            out.append(src[i])
            if src[i] != "\r":
                can_start_blockquote = src[i] == "\n"
            continue

        in_code = bool(nested) and nested[-1].type in ("code", "pre", "pre_code")
        if (c != "`") if in_code else (c not in _MDV2_RESERVED):
            pattern = _MDV2_CODE_SPECIAL_RE if in_code else _MDV2_SPECIAL_RE
            match = pattern.search(src, i + 1)
            j = match.start() if match else n
            chunk = src[i:j]
            out.append(chunk)
            u16 += utf16_len(chunk)
            if chunk.strip("\r"):
                can_start_blockquote = False
            i = j - 1
            continue

        is_end = False
        if nested:
            top_type = nested[-1].type
            if have_blockquote and c == "\n" and (i + 1 == n or src[i + 1] != ">"):
                is_end = True
            elif top_type == "bold":
                is_end = c == "*"
            elif top_type == "italic":
                is_end = c == "_" and at(i + 1) != "_"
            elif top_type == "code":
                is_end = c == "`"
            elif top_type in ("pre", "pre_code"):
                is_end = c == "`" and at(i + 1) == "`" and at(i + 2) == "`"
            elif top_type in ("text_link", "custom_emoji"):
                is_end = c == "]"
            elif top_type == "underline":
                is_end = c == "_" and at(i + 1) == "_"
            elif top_type == "strikethrough":
                is_end = c == "~"
            elif top_type == "spoiler":
                is_end = c == "|" and at(i + 1) == "|"

        if not is_end:
            entity_char_pos = i
            argument = ""
            kind: str | None
            if c == "_":
                if at(i + 1) == "_":
                    kind = "underline"
                    i += 1
                else:
                    kind = "italic"
            elif c == "*":
                kind = "bold"
            elif c == "~":
                kind = "strikethrough"
            elif c == "|":
                if at(i + 1) != "|":
                    raise _reserved_error(c)
                i += 1
                kind = "spoiler"
            elif c == "[":
                kind = "text_link"
            elif c == "`":
                if at(i + 1) == "`" and at(i + 2) == "`":
                    i += 3
                    kind = "pre"
                    lang_end = i
                    while at(lang_end) not in _SPACE and at(lang_end) != "`":
                        lang_end += 1
                    if i != lang_end and lang_end < n and src[lang_end] != "`":
                        kind = "pre_code"
                        argument = src[i:lang_end]
                        i = lang_end
                    if at(i) in "\n\r" and i < n:
                        if at(i + 1) in "\n\r" and i + 1 < n and src[i] != src[i + 1]:
                            i += 2
                        else:
                            i += 1
                    i -= 1
                else:
                    kind = "code"
            elif c == "!":
                if at(i + 1) != "[":
                    raise _reserved_error(c)
                i += 1
                kind = "custom_emoji"
            elif c == "\n":
                u16 += 1
                out.append("\n")
                can_start_blockquote = True
                kind = None
            elif c == ">":
                if not can_start_blockquote:
                    raise _reserved_error(c)
                if have_blockquote:
                    kind = None
                else:
                    kind = "blockquote"
                    have_blockquote = True
            else:
                raise _reserved_error(c)
            if kind is None:
                continue
            nested.append(_MdOpen(kind, argument, u16, entity_char_pos, len(out)))
            continue

        # end of an entity
        top = nested[-1]
        kind = top.type
        if c == "\n" and kind != "blockquote":
            last_out = out[-1][-1:] if out else ""
            if kind != "spoiler" or not (
                top.char_pos == i - 2 or (top.char_pos == i - 3 and last_out == "\r")
            ):
                raise end_error(top)
            nested.pop()
            top = nested[-1]
            if top.type != "blockquote":
                raise end_error(top)
            kind = "expandable_blockquote"
        argument = top.argument
        skip = u16 == top.offset
        entity: dict[str, Any] | None = None
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
        elif kind == "text_link":
            if at(i + 1) != "(":
                url = "".join(out[top.out_pieces :])
            else:
                i += 2
                url_begin = i
                url_chars: list[str] = []
                while i < n and src[i] != ")":
                    if src[i] == "\\" and "\x01" <= at(i + 1) <= "~":
                        url_chars.append(src[i + 1])
                        i += 2
                        continue
                    url_chars.append(src[i])
                    i += 1
                if at(i) != ")":
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(src, url_begin)}"
                    )
                url = "".join(url_chars)
            if not skip:
                entity = _link_entity(top.offset, u16 - top.offset, url)
                skip = entity is None
        elif kind == "custom_emoji":
            if at(i + 1) != "(":
                raise EntityParseError("The entity must contain a tg://emoji or tg://time URL")
            i += 2
            url_begin = i
            url_chars = []
            while i < n and src[i] != ")":
                if src[i] == "\\" and "\x01" <= at(i + 1) <= "~":
                    url_chars.append(src[i + 1])
                    i += 2
                    continue
                url_chars.append(src[i])
                i += 1
            if at(i) != ")":
                raise EntityParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(src, url_begin)}"
                )
            emoji = _CUSTOM_EMOJI_RE.match("".join(url_chars))
            if emoji is None:
                raise EntityParseError("Invalid tg://emoji or tg://time URL specified")
            argument = emoji.group(1)
        elif kind in ("blockquote", "expandable_blockquote"):
            have_blockquote = False
            out.append(src[i])
            can_start_blockquote = True
            u16 += 1
            skip = False

        if not skip:
            offset, length = top.offset, u16 - top.offset
            if entity is None:
                if kind == "pre_code":
                    entity = {
                        "type": "pre",
                        "offset": offset,
                        "length": length,
                        "language": argument,
                    }
                elif kind == "custom_emoji":
                    entity = {
                        "type": "custom_emoji",
                        "offset": offset,
                        "length": length,
                        "custom_emoji_id": argument,
                    }
                else:
                    entity = {"type": kind, "offset": offset, "length": length}
            entities.append(entity)
        nested.pop()

    if have_blockquote:
        kind = "blockquote"
        if nested and nested[-1].type == "spoiler" and nested[-1].char_pos == n - 2:
            nested.pop()
            kind = "expandable_blockquote"
        if nested and nested[-1].type == "blockquote":
            top = nested.pop()
            if u16 != top.offset:
                entities.append({"type": kind, "offset": top.offset, "length": u16 - top.offset})
    if nested:
        raise end_error(nested[-1])
    return "".join(out), sort_entities(entities)


# --------------------------------------------------------------------------------------------
# legacy Markdown

_MD_SPECIAL_RE = re.compile(r"[_*`\[\\]")


def parse_markdown(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse legacy Telegram Markdown."""
    n = len(src)
    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []

    def at(k: int) -> str:
        return src[k] if k < n else "\0"

    i = -1
    while True:
        i += 1
        if i >= n:
            break
        c = src[i]
        if c == "\\" and at(i + 1) in "_*`[" and i + 1 < n:
            i += 1
            out.append(src[i])
            u16 += 1
            continue
        if c not in "_*`[":
            match = _MD_SPECIAL_RE.search(src, i + 1)
            j = match.start() if match else n
            chunk = src[i:j]
            out.append(chunk)
            u16 += utf16_len(chunk)
            i = j - 1
            continue

        begin = i
        end_char = "]" if c == "[" else c
        is_pre = False
        i += 1
        language = ""
        if c == "`" and at(i) == "`" and at(i + 1) == "`":
            i += 2
            is_pre = True
            lang_end = i
            while at(lang_end) not in _SPACE and at(lang_end) != "`":
                lang_end += 1
            if i != lang_end and lang_end < n and src[lang_end] != "`":
                language = src[i:lang_end]
                i = lang_end
            if i < n and src[i] in "\n\r":
                if i + 1 < n and src[i + 1] in "\n\r" and src[i] != src[i + 1]:
                    i += 2
                else:
                    i += 1
        entity_offset = u16
        start = i
        while i < n and (
            src[i] != end_char or (is_pre and not (at(i + 1) == "`" and at(i + 2) == "`"))
        ):
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(src, begin)}"
            )
        inner = src[start:i]
        out.append(inner)
        u16 += utf16_len(inner)
        if entity_offset != u16:
            length = u16 - entity_offset
            if c == "_":
                entities.append({"type": "italic", "offset": entity_offset, "length": length})
            elif c == "*":
                entities.append({"type": "bold", "offset": entity_offset, "length": length})
            elif c == "[":
                if at(i + 1) != "(":
                    url = inner
                else:
                    i += 2
                    url_start = i
                    while i < n and src[i] != ")":
                        i += 1
                    url = src[url_start:i]
                entity = _link_entity(entity_offset, length, url)
                if entity is not None:
                    entities.append(entity)
            elif is_pre:
                entity = {"type": "pre", "offset": entity_offset, "length": length}
                if language:
                    entity["language"] = language
                entities.append(entity)
            else:
                entities.append({"type": "code", "offset": entity_offset, "length": length})
        elif c == "[" and at(i + 1) == "(":
            i += 2
            while i < n and src[i] != ")":
                i += 1
        if is_pre:
            i += 2
    return "".join(out), sort_entities(entities)


# --------------------------------------------------------------------------------------------
# whole pipeline

_TRIM_CHARS = " \t\r\n\v\f"


def finalize_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim the text like Telegram (trailing whitespace, leading spaces/newlines before the first
    entity) and clip entities accordingly; empty entities are dropped."""
    stripped = text.rstrip(_TRIM_CHARS)
    if len(stripped) != len(text):
        end = utf16_len(stripped)
        clipped = []
        for entity in entities:
            if entity["offset"] >= end:
                continue
            if entity["offset"] + entity["length"] > end:
                entity = {**entity, "length": end - entity["offset"]}
            clipped.append(entity)
        entities = clipped
    entities = [e for e in entities if e["length"] > 0]
    first = min((e["offset"] for e in entities), default=len(stripped))
    lead = 0
    while lead < first and lead < len(stripped) and stripped[lead] in " \n":
        lead += 1
    if lead:
        stripped = stripped[lead:]
        entities = [{**e, "offset": e["offset"] - lead} for e in entities]
    return stripped, sort_entities(entities)


def parse_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    strict_ampersand: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """Apply ``parse_mode`` (or explicit ``entities``) and Telegram's trimming.

    Raises :class:`EntityParseError` for malformed markup and ``ValueError("Unsupported
    parse_mode")`` for an unknown mode."""
    mode = (parse_mode or "").lower()
    if text and mode and mode != "none":
        if mode == "html":
            parsed_text, parsed = parse_html(text, strict_ampersand=strict_ampersand)
        elif mode == "markdownv2":
            parsed_text, parsed = parse_markdown_v2(text)
        elif mode == "markdown":
            parsed_text, parsed = parse_markdown(text)
        else:
            raise ValueError("Unsupported parse_mode")
    else:
        parsed_text = text
        parsed = [dict(e) for e in entities or [] if isinstance(e, dict)]
        for entity in parsed:
            if entity.get("type") == "text_link" and isinstance(entity.get("url"), str):
                checked = _checked_link_or_none(entity["url"])
                if checked is not None:
                    entity["url"] = checked
        parsed = sort_entities(
            [
                e
                for e in parsed
                if isinstance(e.get("offset"), int) and isinstance(e.get("length"), int)
            ]
        )
    return finalize_text(parsed_text, parsed)
