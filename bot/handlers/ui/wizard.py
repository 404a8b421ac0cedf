"""The wizard pattern: a typed draft kept in the dialog state, a table of steps, the check that
a button belongs to the open wizard and step, and an end that a second press finds over.

A draft is a small dataclass with ``w`` (the id of the message that started the wizard, which
every button of the wizard carries) and ``dump()``; ``Wizard.load`` reads it back. The dialog
state lives in the bot's database, written in the update's unit of work, so a step and its
data commit or roll back together and a restart keeps a half-filled draft.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.ui.context import Ctx
from bot.handlers.ui.screen import accessible, show, stale
from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.wizard import BACK, EDIT, EDIT_FIELD, field_menu


class Draft(Protocol):
    @property
    def w(self) -> int: ...

    def dump(self) -> dict[str, Any]: ...


class WizardCb(Protocol):
    """A wizard button's data: what it does, and the wizard it belongs to."""

    act: str
    w: int
    v: int


D = TypeVar("D", bound=Draft)
Screen = tuple[str, InlineKeyboardMarkup | None]
# A button of an open wizard: the press, its data, the message under it, the draft, the context.
ButtonHandler = Callable[[CallbackQuery, Any, Message, D, Ctx], Awaitable[None]]


@dataclass(frozen=True)
class Wizard(Generic[D]):
    """A wizard: how its draft is read, what a button of a finished one answers
    (``done_text``; the finished wizard's id is kept under ``done_key``), and its buttons
    (``factory``, with ``act`` and ``w``), each bound to the steps where it works."""

    load: Callable[[dict[str, Any]], D]
    done_key: str
    done_text: str
    factory: type[Callback]
    buttons: list[tuple[str, Callable[..., Awaitable[None]]]] = field(
        default_factory=list, compare=False
    )

    def button(
        self, act: str, *states: State, changed: str | None = None
    ) -> Callable[[ButtonHandler[D]], ButtonHandler[D]]:
        """The handler of button ``act``, called only when the button belongs to the open
        wizard and one of ``states`` is its step (else the person is told why not)."""

        def decorate(inner: ButtonHandler[D]) -> ButtonHandler[D]:
            async def handler(callback: CallbackQuery, callback_data: WizardCb, ctx: Ctx) -> None:
                opened = await self.open(callback, callback_data.w, ctx, *states, changed=changed)
                if opened is not None:
                    await inner(callback, callback_data, *opened, ctx)

            handler.__name__ = inner.__name__
            self.buttons.append((act, handler))
            return inner

        return decorate

    def cancel_button(self, act: str, states: tuple[State, ...], text: str) -> None:
        """«Отмена» in any of ``states``: the draft is dropped and the message says ``text``."""

        @self.button(act, *states)
        async def on_cancel(
            callback: CallbackQuery, _: WizardCb, message: Message, draft: D, ctx: Ctx
        ) -> None:
            await ctx.state.clear()
            await show(message, ctx.i18n(text))
            await callback.answer()

    def register(self, router: Router) -> None:
        """The wizard's buttons, each by its act."""
        for act, handler in self.buttons:
            router.callback_query.register(handler, self.factory.filter(F.act == act))

    async def draft(self, state: FSMContext) -> D:
        return self.load(await state.get_data())

    async def open(
        self,
        callback: CallbackQuery,
        w: int,
        ctx: Ctx,
        *states: State,
        changed: str | None = None,
    ) -> tuple[Message, D] | None:
        """The draft the button (of wizard ``w``) belongs to, in one of ``states``; else a clear
        answer and None: the wizard was finished, or (``changed``) moved to another step."""
        message = await accessible(callback, ctx.i18n)
        if message is None:
            return None
        current = await ctx.state.get_state()
        data = await ctx.state.get_data()
        ours = bool(w) and data.get("w") == w
        if ours and current in {s.state for s in states}:
            return message, self.load(data)
        if w and data.get(self.done_key) == w:
            await stale(callback, ctx.i18n, self.done_text)
        elif ours and changed is not None:
            await stale(callback, ctx.i18n, changed)
        else:
            await stale(callback, ctx.i18n)
        return None

    async def save(self, state: FSMContext, draft: D, step: State | None = None) -> None:
        """The draft into the dialog state (in the update's unit of work), with its step."""
        if step is not None:
            await state.set_state(step)
        await state.set_data(draft.dump())

    async def end(self, state: FSMContext, draft: D) -> None:
        """The dialog is over before the wizard's work is done: a second press finds it over
        (and is told so); should the work fail, the update's transaction rolls it back too."""
        await state.set_state(None)
        await state.set_data({self.done_key: draft.w})


def never(_: Any) -> bool:
    return False


@dataclass(frozen=True)
class Step(Generic[D]):
    """A step of a wizard: its state, its question (text and buttons) and when it is skipped."""

    name: str
    state: State
    ask: Callable[[D, Ctx], Awaitable[Screen]]
    skip_if: Callable[[D], bool] = never


class Steps(Generic[D]):
    """The table of a wizard's steps, in order."""

    def __init__(self, wizard: Wizard[D], *steps: Step[D]) -> None:
        self.wizard = wizard
        self.steps = {step.name: step for step in steps}
        self.order = [step.name for step in steps]

    def state(self, name: str) -> State:
        return self.steps[name].state

    @property
    def states(self) -> tuple[State, ...]:
        return tuple(step.state for step in self.steps.values())

    def first(self, draft: D) -> str | None:
        return next((n for n in self.order if not self.steps[n].skip_if(draft)), None)

    def after(self, name: str, draft: D) -> str | None:
        """The next step that is not skipped; None: there is none (the preview)."""
        later = self.order[self.order.index(name) + 1 :]
        return next((n for n in later if not self.steps[n].skip_if(draft)), None)

    async def ask(self, name: str, draft: D, ctx: Ctx, chat_id: int) -> None:
        """Put the question of step ``name`` and wait for its answer."""
        step = self.steps[name]
        await self.wizard.save(ctx.state, draft, step.state)
        text, keyboard = await step.ask(draft, ctx)
        await ctx.bot.send_message(chat_id, text, reply_markup=keyboard)


def _same_step(_: Any, name: str) -> str:
    return name


@dataclass(frozen=True)
class Editing(Generic[D]):
    """«Изменить» under a wizard's preview: a menu of the ``fields`` that may be changed
    (``allowed``; all when None), a field's button asks its step again and the wizard runs on
    from there back to the preview, «Назад» shows the preview again. ``reset`` clears what a
    field's new answer makes stale and names the step to ask (by default the field's own).
    Texts: ``{prefix}-edit-ask``, ``-editing``, ``-edit-nothing``, ``-field-{name}``."""

    steps: Steps[D]
    prefix: str
    fields: Sequence[str]
    preview: Callable[[D, Ctx, int], Awaitable[None]]
    allowed: Callable[[D], Collection[str]] | None = None
    reset: Callable[[D, str], str] = _same_step

    def shown(self, draft: D) -> list[str]:
        allowed = self.fields if self.allowed is None else self.allowed(draft)
        return [name for name in self.fields if name in allowed]

    def menu(self, draft: D, i18n: Gettext, *, back: bool = True) -> InlineKeyboardMarkup:
        wizard = self.steps.wizard
        return field_menu(
            wizard.factory, draft.w, self.prefix, self.fields, self.shown(draft), i18n, back=back
        )

    def register(self, preview: State) -> None:
        """The menu's buttons on the wizard, working while ``preview`` is its step."""
        wizard = self.steps.wizard

        @wizard.button(EDIT, preview)
        async def on_edit(
            callback: CallbackQuery, _: WizardCb, message: Message, draft: D, ctx: Ctx
        ) -> None:
            await show(message, ctx.i18n(f"{self.prefix}-edit-ask"), self.menu(draft, ctx.i18n))
            await callback.answer()

        @wizard.button(EDIT_FIELD, preview)
        async def on_edit_field(
            callback: CallbackQuery, data: WizardCb, message: Message, draft: D, ctx: Ctx
        ) -> None:
            name = self.fields[data.v] if 0 <= data.v < len(self.fields) else ""
            if name not in self.shown(draft):
                await stale(callback, ctx.i18n)
                return
            step = self.reset(draft, name)
            await callback.answer()
            await show(message, ctx.i18n(f"{self.prefix}-editing"))
            await self.steps.ask(step, draft, ctx, message.chat.id)

        @wizard.button(BACK, preview)
        async def on_back(
            callback: CallbackQuery, _: WizardCb, message: Message, draft: D, ctx: Ctx
        ) -> None:
            await self.preview(draft, ctx, message.chat.id)
            await show(message, ctx.i18n(f"{self.prefix}-edit-nothing"))
            await callback.answer()


async def close_question(
    callback: CallbackQuery, message: Message, closing: str | None = None
) -> None:
    """The answered question loses its buttons (and says ``closing``). Called after the next
    step was put, so a refusal on the way (the error router rolls the step back) leaves it."""
    if closing is None:
        await message.edit_reply_markup(reply_markup=None)
    else:
        await show(message, closing)
    await callback.answer()
