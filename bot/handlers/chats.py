"""Group chats: binding, unbinding, the bot added or removed, migration to a supergroup."""

from __future__ import annotations

from aiogram import Router


def create_private_router() -> Router:
    return Router(name="chats-private")


def create_group_router() -> Router:
    return Router(name="chats-group")


def create_chat_member_router() -> Router:
    return Router(name="chats-membership")
