"""Try the bot without a token: the Bot API double, a scripted story and a local chat page."""
