"""The screen toolkit every dialog is built from.

- ``context``: ``Ctx``, what a handler needs from the update (services, member, i18n, state,
  bot, clock, settings, translator), one argument instead of eight.
- ``screen``: turning a message into the next screen, the stale-button answer, toggles.
- ``wizard``: a typed draft in the dialog state, a table of steps (ask, skip-if), the check
  that a button belongs to the open wizard and step, and the end that makes a second press
  of the last button do nothing twice.
- ``draft``: a wizard's dialog data around its draft (the id, a head's associations, the
  preview reached, its figures), subclassed by each wizard with its blank draft.
- ``audience``: the audience sub-dialog any wizard opens; it hands the chosen Audience back.

The paged picker's buttons are in ``bot.keyboards.picker``.
"""
