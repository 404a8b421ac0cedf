"""Surveys: templates (``spec``), answering them (``answers``); no storage, no messenger.

Everything public is importable from here or from ``bot.services.surveys.spec``.
"""

from bot.services.surveys.spec import *  # noqa: F403
from bot.services.surveys.spec import __all__ as __all__
