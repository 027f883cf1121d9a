"""Telegram through python-telegram-bot: check the secret token, read Updates, send replies.

Only the ``telegram.Bot`` client is used (no ``Application``): the webhook hands us the body,
the worker calls :meth:`TelegramChannel.send`. Everything PTB raises is translated here, at the
boundary, into the :mod:`webhooks.channel` hierarchy::

    RetryAfter                           → TransientSendError(retry_after=seconds)
    TimedOut, NetworkError (5xx, no net) → TransientSendError
    Forbidden (blocked), BadRequest,
    InvalidToken, ChatMigrated           → PermanentSendError
    any other TelegramError              → TransientSendError

PTB turns every HTTP status it does not know (500, 502, 503...) into ``NetworkError``, so 5xx
answers are transient. We never read the person's name or username: the chat id is the address.
"""

from __future__ import annotations

import hmac
import json
import logging
import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from starlette.requests import Request
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram import error as tg
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.messages import Button, IncomingMessage
from webhooks.channel import (
    BadRequest,
    ChannelError,
    Delivery,
    ForbiddenRequest,
    PermanentSendError,
    SendError,
    SendResult,
    TransientSendError,
    split_text,
)

logger = logging.getLogger(__name__)

CHANNEL: Final = "telegram"
TELEGRAM_API_URL: Final = "https://api.telegram.org/bot"
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
TEXT_LIMIT: Final = 4096
CALLBACK_DATA_LIMIT: Final = 64
ALLOWED_UPDATES: Final = ("message", "edited_message", "callback_query")


def build_telegram_bot(token: str, *, base_url: str | None = None) -> Bot:
    """A ``telegram.Bot`` over httpx with bounded timeouts (not yet initialised).

    ``base_url`` is the Bot API root *without* the token, as in PTB 22: the token is appended
    to it, so ``"http://127.0.0.1:8081/bot"`` sends to ``http://127.0.0.1:8081/bot<token>/
    sendMessage`` (a ``{token}`` placeholder in the string is replaced instead). ``None`` means
    Telegram's own ``https://api.telegram.org/bot``.
    """
    if not token:
        raise ValueError("telegram: the bot token must not be empty")
    request = HTTPXRequest(
        connection_pool_size=32,
        connect_timeout=5.0,
        read_timeout=10.0,
        write_timeout=10.0,
        pool_timeout=5.0,
    )
    # Updates come by webhook; getUpdates is never called, so its client stays tiny.
    updates_request = HTTPXRequest(connection_pool_size=1)
    return Bot(
        token,
        base_url=base_url or TELEGRAM_API_URL,
        request=request,
        get_updates_request=updates_request,
    )


class TelegramChannel:
    """The :class:`~webhooks.channel.Channel` for Telegram.

    Call :meth:`start` once (opens the HTTP clients and checks the token with ``getMe``) and
    :meth:`stop` at shutdown; the app lifespan does both.
    """

    name: str = CHANNEL

    def __init__(self, bot: Bot, secret: str) -> None:
        if not secret:
            raise ValueError("telegram: the webhook secret must not be empty")
        self._bot = bot
        self._secret = secret

    async def start(self) -> None:
        """Open the HTTP clients and call ``getMe`` once (fails fast on a rejected token)."""
        try:
            await self._bot.initialize()
        except tg.InvalidToken:
            await self._bot.shutdown()
            # PTB's message contains the token itself: keep it out of logs and tracebacks.
            raise ChannelError("telegram: the bot token was rejected (getMe)") from None
        except tg.TelegramError as exc:
            await self._bot.shutdown()
            raise ChannelError(f"telegram: getMe failed: {exc.message}") from exc

    async def stop(self) -> None:
        """Close the HTTP clients."""
        await self._bot.shutdown()

    async def set_webhook(self, url: str) -> None:
        """Point Telegram at ``url`` with our secret and only the update types we read."""
        try:
            await self._bot.set_webhook(
                url=url, secret_token=self._secret, allowed_updates=list(ALLOWED_UPDATES)
            )
        except tg.TelegramError as exc:
            raise translate_error(exc) from exc

    async def verify(self, request: Request, body: bytes) -> None:
        given = request.headers.get(SECRET_HEADER)
        # Header values arrive decoded as latin-1: compare bytes, so any value is comparable.
        if given is None or not hmac.compare_digest(given.encode("latin-1"), self._secret.encode()):
            raise ForbiddenRequest("telegram: missing or wrong secret token")

    async def parse(self, request: Request, body: bytes) -> list[IncomingMessage]:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise BadRequest("telegram: the body is not JSON") from exc
        if not isinstance(data, dict) or not _is_id(data.get("update_id")):
            raise BadRequest("telegram: the body is not an Update")
        try:
            update = Update.de_json(data, self._bot)
            incoming = _incoming(update)
        except BadRequest:
            raise
        except Exception as exc:  # PTB raises TypeError, KeyError, AttributeError... on junk
            raise BadRequest("telegram: the Update cannot be read") from exc
        return [] if incoming is None else [incoming]

    async def send(self, delivery: Delivery) -> SendResult:
        if not delivery.text.strip():
            raise PermanentSendError("telegram: an empty message cannot be sent")
        markup = _keyboard(delivery.buttons)
        query_id = delivery.context.get("callback_query_id")
        if query_id:
            await self._answer_callback(query_id)
        pieces = split_text(delivery.text, TEXT_LIMIT)
        ids: list[str] = []
        for number, piece in enumerate(pieces, start=1):
            try:
                sent = await self._bot.send_message(
                    chat_id=delivery.address,
                    text=piece,
                    reply_markup=markup if number == len(pieces) else None,
                )
            except tg.TelegramError as exc:
                raise translate_error(exc) from exc
            ids.append(str(sent.message_id))
        return SendResult(platform_ids=tuple(ids))

    async def _answer_callback(self, query_id: str) -> None:
        """Stop the button's spinner; a stale query ("query is too old") does not stop the reply."""
        try:
            await self._bot.answer_callback_query(query_id)
        except tg.BadRequest as exc:
            logger.debug("telegram: callback query not answered: %s", exc.message)
        except tg.TelegramError as exc:
            raise translate_error(exc) from exc


def translate_error(exc: tg.TelegramError) -> SendError:
    """Our :class:`SendError` for one PTB error (see the table at the top of the module)."""
    if isinstance(exc, tg.RetryAfter):
        return TransientSendError(f"telegram: {exc.message}", retry_after=_retry_seconds(exc))
    if isinstance(exc, tg.Forbidden | tg.BadRequest | tg.InvalidToken | tg.ChatMigrated):
        return PermanentSendError(f"telegram: {exc.message}")
    return TransientSendError(f"telegram: {exc.message}")


def _retry_seconds(exc: tg.RetryAfter) -> float:
    # PTB 22 warns on reading ``retry_after`` unless PTB_TIMEDELTA is set; accept both forms.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """One button per row; refuses (for good) a payload Telegram would reject."""
    if not buttons:
        return None
    for button in buttons:
        size = len(button.payload.encode())
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise PermanentSendError(
                f"telegram: callback_data must be 1-{CALLBACK_DATA_LIMIT} bytes, got {size}"
            )
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=button.payload)] for button in buttons]
    )


def _incoming(update: Update) -> IncomingMessage | None:
    """The one message in an Update, or ``None`` for the kinds we acknowledge and ignore."""
    key = str(update.update_id)
    message = update.message or update.edited_message
    if message is not None:
        return _from_message(message, key)
    if update.callback_query is not None:
        return _from_callback(update.callback_query, key)
    return None


def _from_message(message: Message, key: str) -> IncomingMessage | None:
    text = message.text if message.text is not None else message.caption
    has_media = message.effective_attachment is not None
    if text is None and not has_media:
        return None  # a service message (pinned, chat shared...): nothing the person wrote
    return IncomingMessage(
        channel=CHANNEL,
        user_ref=_chat_ref(message.chat.id),
        text=_string(text or ""),
        platform_message_id=key,
        has_media=has_media,
    )


def _from_callback(query: CallbackQuery, key: str) -> IncomingMessage | None:
    if query.data is None:
        return None  # a game button: we send none
    if len(_string(query.data).encode("utf-8", "surrogatepass")) > CALLBACK_DATA_LIMIT:
        raise BadRequest("telegram: callback data is longer than Telegram allows")
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    return IncomingMessage(
        channel=CHANNEL,
        user_ref=_chat_ref(chat_id),
        payload=_string(query.data),
        platform_message_id=key,
        context={"callback_query_id": _string(query.id)},
    )


def _is_id(value: object) -> bool:
    """A Telegram identifier: an integer that fits in 64 bits (JSON allows any size)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63


def _chat_ref(value: object) -> str:
    # PTB does not check types: a string where Telegram always sends an integer is junk.
    if not _is_id(value):
        raise BadRequest("telegram: a chat id is not a 64-bit integer")
    return str(value)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise BadRequest("telegram: a text field is not a string")
    return value
