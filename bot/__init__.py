"""ШМО-бот: coordination of school methodological associations through a messenger bot."""
