"""One pace of sending for every instance of the bot (PostgreSQL deployments).

Telegram's limits are per bot: several instances that each kept their own pace would send
several times too fast. :class:`SharedPace` books every message's moment on one timeline
that all instances share, in Redis when ``REDIS_URL`` is set (one round trip, Redis's own
clock) or in the bot's database otherwise (:mod:`bot.storage.pace`). The booking rules are the
same in both (:class:`bot.storage.pace.PaceRules`).

A worker waits for its booked moment; if it wakes later than that by more than a small grace
(a busy event loop), the moment is given up and a new one booked, since sending late would
bunch it with the moments after it. The bookings of the workers of one instance go to the store
together, in one round trip.

Redis configured but unreachable: the pace goes through the database instead — still one pace
for every instance that cannot reach Redis — and the log says so; :attr:`SharedPace.degraded`
tells the health check. Redis is tried again every few seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from bot.storage.pace import Booking, DatabasePace, PaceRules

logger = logging.getLogger(__name__)

# A worker that wakes this much after its moment books another one.
LATE_GRACE = 0.05
# Bookings sent to the store in one round trip, at most.
BATCH = 64
# How often Redis is tried again while it is unreachable, and how long a call may take.
REDIS_RETRY = 5.0
REDIS_TIMEOUT = 0.5
# After a failed booking (the store is down), a worker tries again after this long.
STORE_RETRY = 1.0

_BOOK = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local private = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'next', 'paused')
local at = math.max(now, tonumber(state[1]) or 0, tonumber(state[2]) or 0)
local out = {}
for i = 2, #KEYS do
  local key = KEYS[i]
  local group = ARGV[3 + i] == 'g'
  local ready = 0
  local moments = redis.call('LRANGE', key, 0, -1)
  if #moments > 0 then
    local last = tonumber(moments[1])
    if not group then
      ready = last + private
    elseif #moments >= limit then
      ready = math.max(last, tonumber(moments[limit]) + window)
    else
      ready = last
    end
  end
  if ready > at then
    out[#out + 1] = 'w'
    out[#out + 1] = string.format('%.6f', ready)
  else
    out[#out + 1] = 'g'
    out[#out + 1] = string.format('%.6f', at)
    redis.call('LPUSH', key, string.format('%.6f', at))
    local span = private
    if group then
      redis.call('LTRIM', key, 0, limit - 1)
      span = window
    else
      redis.call('LTRIM', key, 0, 0)
    end
    redis.call('PEXPIRE', key, math.ceil((at + span - now) * 1000) + 1000)
    at = at + interval
  end
end
redis.call('HSET', KEYS[1], 'next', string.format('%.6f', at))
return out
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local wanted = now + tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'paused')) or 0
if wanted > current then
  redis.call('HSET', KEYS[1], 'paused', string.format('%.6f', wanted))
end
return 1
"""


class RedisPace:
    """The shared timeline in Redis: one Lua script books a batch atomically, on Redis's clock
    (the same as the instances' where they are synchronised, as NTP keeps them)."""

    def __init__(self, url: str, rules: PaceRules, *, namespace: str, secret: bytes) -> None:
        from redis.asyncio import Redis

        self.rules = rules
        # A chat's key is a keyed hash of its id: Redis never holds whom the bot writes to.
        self._secret = hashlib.blake2b(secret, digest_size=32).digest()
        self.client: Any = Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        self.prefix = f"shmo-bot:{namespace}:"
        self._book = self.client.register_script(_BOOK)
        self._pause = self.client.register_script(_PAUSE)

    async def ping(self) -> None:
        await self.client.ping()

    async def book(self, chats: Sequence[int]) -> list[Booking]:
        rules = self.rules
        keys = [self.prefix + "pace", *(f"{self.prefix}chat:{self._chat_key(c)}" for c in chats)]
        args: list[Any] = [rules.interval, rules.private_interval, rules.group_limit]
        args += [rules.group_window, *("p" if c > 0 else "g" for c in chats)]
        raw = await self._book(keys=keys, args=args)
        return [Booking(raw[i] in (b"g", "g"), float(raw[i + 1])) for i in range(0, len(raw), 2)]

    def _chat_key(self, chat_id: int) -> str:
        return hashlib.blake2b(str(chat_id).encode(), digest_size=12, key=self._secret).hexdigest()

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self.prefix + "pace"], args=[seconds])

    async def close(self) -> None:
        await self.client.aclose()


class SharedPace:
    """The pace of the sender when the bot may run as several instances (see the module)."""

    def __init__(
        self,
        database: DatabasePace,
        *,
        redis: RedisPace | None = None,
        grace: float = LATE_GRACE,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.database = database
        self.redis = redis
        self.rules = database.rules
        self.interval = self.rules.interval
        self.grace = grace
        self.now = clock
        self.wall = wall
        self.redis_reachable: bool | None = None if redis is None else True
        self.forfeited = 0
        self._redis_retry_at = 0.0
        self._paused_until = 0.0
        self._waiting: list[tuple[int, asyncio.Future[tuple[bool, float]]]] = []
        self._booker: asyncio.Task[None] | None = None
        self._store_failed_at = -STORE_RETRY * 10

    @property
    def backend(self) -> str:
        """Where the pace is kept now: ``redis`` or ``database``."""
        return "redis" if self.redis is not None and self.redis_reachable else "database"

    @property
    def degraded(self) -> bool:
        """Redis is configured but cannot be reached (the database keeps the pace meanwhile)."""
        return self.redis is not None and not self.redis_reachable

    async def check(self) -> None:
        """At start: say where the pace is kept, and whether Redis answers."""
        if self.redis is None:
            logger.info("the pace of sending is shared through the database")
            return
        try:
            await self.redis.ping()
        except Exception as exc:
            self._redis_down(exc)
        else:
            logger.info("the pace of sending is shared through Redis")

    async def turn(self, chat_id: int, defer_beyond: float) -> float | None:
        """Wait for this message's moment: None — send it now; a number — its chat is busy
        for that many seconds more (over ``defer_beyond``): send it later."""
        while True:
            try:
                go, at = await self._book(chat_id)
            except Exception as exc:
                now = self.now()
                if now - self._store_failed_at > 30:
                    self._store_failed_at = now
                    logger.warning("could not book a moment to send (%s); trying again", exc)
                await asyncio.sleep(STORE_RETRY)
                continue
            wait = at - self.now()
            if not go:
                if wait > defer_beyond:
                    return wait
                await asyncio.sleep(max(wait, 0.0))
                continue
            if wait > 0:
                await asyncio.sleep(wait)
            now = self.now()
            if now > at + self.grace or now < self._paused_until:
                self.forfeited += 1
                continue
            return None

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: this instance waits at once, the others from their next booking."""
        self._paused_until = max(self._paused_until, self.now() + seconds)
        try:
            if self.redis is not None and self.redis_reachable:
                try:
                    await self.redis.pause(seconds)
                    return
                except Exception as exc:
                    self._redis_down(exc)
            await self.database.pause(seconds)
        except Exception:
            logger.warning("could not share a pause of %.0f s with the other instances", seconds)

    def forget_idle(self) -> None:
        """Nothing to do: the store forgets chats by itself."""

    async def close(self) -> None:
        if self._booker is not None:
            self._booker.cancel()
        if self.redis is not None:
            await self.redis.close()

    # --- booking ------------------------------------------------------------------------

    async def _book(self, chat_id: int) -> tuple[bool, float]:
        future: asyncio.Future[tuple[bool, float]] = asyncio.get_running_loop().create_future()
        self._waiting.append((chat_id, future))
        if self._booker is None or self._booker.done():
            self._booker = asyncio.create_task(self._book_waiting())
        return await future

    async def _book_waiting(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
            try:
                bookings = await self._store_book([chat_id for chat_id, _ in batch])
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            # A moment on the shared (wall) clock, as this process's monotonic time.
            offset = self.now() - self.wall()
            for (_, future), booking in zip(batch, bookings, strict=True):
                if not future.done():
                    future.set_result((booking.go, booking.at + offset))

    async def _store_book(self, chats: list[int]) -> list[Booking]:
        if self.redis is not None and (self.redis_reachable or self.now() >= self._redis_retry_at):
            try:
                bookings = await self.redis.book(chats)
            except Exception as exc:
                self._redis_down(exc)
            else:
                if not self.redis_reachable:
                    self.redis_reachable = True
                    logger.warning("Redis answers again: the pace of sending is shared through it")
                return bookings
        return await self.database.book(chats)

    def _redis_down(self, exc: BaseException) -> None:
        self._redis_retry_at = self.now() + REDIS_RETRY
        if self.redis_reachable is not False:
            self.redis_reachable = False
            logger.warning(
                "Redis (REDIS_URL) is configured but unreachable (%s): the pace of sending is "
                "shared through the database until it answers",
                type(exc).__name__,
            )
