"""Forged or malformed callback data is a stale button: no handler sees it, nothing fails.

Telegram returns whatever a client puts in a button's data; a crafted client can send any
string under 64 bytes. Driven through the real Dispatcher against the Bot API double.
"""

from __future__ import annotations

import logging

import pytest

from bot.i18n import Translator
from bot.keyboards import surveys as kb
from bot.keyboards.directory import CardCb, ListCb, encode_filters
from bot.keyboards.people import Inv
from bot.keyboards.registry import OrganisationAction
from bot.keyboards.surveys import SvqCb
from bot.services.directory import MemberFilters
from tests import seed
from tests.harness import Harness
from tests.worlds import forge

ALL = encode_filters(MemberFilters())
STALE = "Эта кнопка уже не действует."


@pytest.mark.parametrize(
    "data",
    [
        f"mbc:{'9' * 20}:{ALL}:0",  # an id beyond any database integer
        f"mbc:{2**63}:{ALL}:0",  # one past the signed 64-bit range
        f"mbc:-5:{ALL}:0",  # ids are never negative
        f"mbc:+5:{ALL}:0",  # not written as digits
        f"mbc:1_0:{ALL}:0",
        f"mbl:{ALL}:{'9' * 30}",  # a page number that overflows
        f"rgo:ren:{'9' * 25}",
        f"iv:revoke:{'9' * 25}",
        "mbc:1",  # too few parts
        f"mbc:1:{ALL}:0:extra",  # too many
    ],
)
async def test_forged_callback_data_is_a_stale_button(
    harness: Harness, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    admin = await seed.methodologist(harness)
    await admin.send("/members")
    with caplog.at_level(logging.WARNING):
        answers = await forge(harness, admin, data)
    assert answers == [STALE]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Что-то пошло не так" not in admin.last().text


def test_genuine_buttons_still_round_trip() -> None:
    biggest = 2**63 - 1
    card = CardCb(id=biggest, f=ALL, p=3)
    assert CardCb.unpack(card.pack()) == card
    assert ListCb.unpack(ListCb(f=ALL).pack()) == ListCb(f=ALL, p=0)
    assert Inv.unpack(Inv(action="revoke", value=7).pack()) == Inv(action="revoke", value=7)
    action = OrganisationAction(act="ren", id=12)
    assert OrganisationAction.unpack(action.pack()) == action


def test_every_button_family_has_its_own_prefix() -> None:
    """Two factories with one prefix would send one capability's buttons to another's
    handlers (whichever router comes first)."""
    import importlib
    import pkgutil

    import bot.keyboards
    from bot.keyboards.callback import Callback

    for module in pkgutil.iter_modules(bot.keyboards.__path__):
        importlib.import_module(f"bot.keyboards.{module.name}")
    factories: list[type[Callback]] = []
    pending = list(Callback.__subclasses__())
    while pending:
        factory = pending.pop()
        factories.append(factory)
        pending += factory.__subclasses__()
    prefixes = [factory.__prefix__ for factory in factories]
    assert len(prefixes) == len(set(prefixes)), sorted(prefixes)


def test_survey_buttons_carry_what_their_callback_data_packs() -> None:
    """The survey's buttons write their data without building the model: the same string."""
    i18n = Translator().bind("ru")
    options = [("yes", "Да"), ("no", "Нет"), ("a_b-c", "Третье")]
    biggest = 2**63 - 1
    for s, u, q in ((1, 2, 3), (biggest, biggest, 0)):
        keyboard = kb.question(
            s, u, q, options, [], i18n, multi=True, in_row=False, optional=True, first=False
        )
        data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
        packed = [SvqCb(act=kb.CHOOSE, s=s, u=u, q=q, o=o).pack() for o, _ in options]
        packed += [SvqCb(act=act, s=s, u=u, q=q).pack() for act in (kb.DONE, kb.BACK, kb.SKIP)]
        packed.append(SvqCb(act=kb.LATER, s=s, u=u, q=q).pack())
        assert data == packed
        for raw in data:
            assert SvqCb.unpack(raw).s == s
    review = kb.review(1, 2, 3, [(1, 0, "Вопрос")], i18n)
    assert review.inline_keyboard[0][0].callback_data == SvqCb(act=kb.EDIT, s=1, u=2, q=3).pack()
    # what the model refuses is still refused
    with pytest.raises(ValueError):  # noqa: PT011
        kb.question(
            1, 2, 3, [("a:b", "x")], [], i18n, multi=False, in_row=True, optional=False, first=True
        )
    with pytest.raises(ValueError):  # noqa: PT011
        kb.question(
            1,
            2,
            3,
            [("o" * 60, "x")],
            [],
            i18n,
            multi=False,
            in_row=True,
            optional=False,
            first=True,
        )
