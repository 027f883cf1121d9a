"""WhatsApp through Twilio: verify the signature, parse form posts, send with the twilio client.

Twilio signs ``public_url + path (+ query)`` and the form fields with the auth token; we
check that URL, not the internal one behind the proxy. The twilio client is synchronous
(requests), so every call runs in a worker thread. Free-form text is only allowed within
24 hours of the person's last message; after that we send one approved template (it
invites the person to write back) or hold the reply.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import requests
from starlette.requests import Request
from twilio.base.exceptions import (  # type: ignore[import-untyped]
    TwilioException,
    TwilioRestException,
    TwilioServiceException,
)
from twilio.http.http_client import TwilioHttpClient  # type: ignore[import-untyped]
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]
from twilio.rest import Client  # type: ignore[import-untyped]

from bot.messages import IncomingMessage, OutgoingMessage, text_with_choices
from webhooks.channel import (
    BadRequest,
    Delivery,
    ForbiddenRequest,
    PermanentSendError,
    SendResult,
    TransientSendError,
    split_text,
)

MAX_BODY = 1600
SESSION_WINDOW = timedelta(hours=24)
HTTP_TIMEOUT = 15.0
PREFIX = "whatsapp:"
SID = re.compile(r"[A-Za-z0-9]{1,64}")
MAX_ADDRESS = 64  # "whatsapp:+" and at most 15 digits (E.164)
MAX_PAYLOAD = 128  # what messages.payload holds; our button payloads are far shorter
ERROR_CODE = re.compile(r"[0-9]{1,10}")
MESSAGE_STATUSES = frozenset(
    {"queued", "sending", "sent", "delivered", "undelivered", "failed", "read"}
)


class _RedirectingHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """The real twilio HTTP client, with *.twilio.com swapped for ``api_base`` (a fake)."""

    def __init__(self, api_base: str, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._base = urlsplit(api_base)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host == "twilio.com" or host.endswith(".twilio.com"):
            path = self._base.path.rstrip("/") + parts.path
            url = urlunsplit((self._base.scheme, self._base.netloc, path, parts.query, ""))
        return super().request(method, url, *args, **kwargs)


def build_twilio_client(
    account_sid: str, auth_token: str, *, api_base: str | None = None
) -> Client:
    """A real twilio ``Client``; with ``api_base`` its requests go there instead of Twilio."""
    http_client = (
        TwilioHttpClient(timeout=HTTP_TIMEOUT)
        if api_base is None
        else _RedirectingHttpClient(api_base, timeout=HTTP_TIMEOUT)
    )
    return Client(account_sid, auth_token, http_client=http_client)


@dataclass(frozen=True)
class StatusUpdate:
    """One Twilio status callback: where a sent message is now, and why it failed."""

    message_sid: str
    status: str
    error_code: str | None


def _form(body: bytes) -> dict[str, str]:
    return dict(
        parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    )


def _required(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise BadRequest(f"missing {name}")
    return value


def _sid(form: Mapping[str, str]) -> str:
    """The MessageSid, letters and digits only (Twilio's: two letters and 32 hex digits)."""
    sid = _required(form, "MessageSid")
    if not SID.fullmatch(sid):
        raise BadRequest("MessageSid is not a Twilio SID")
    return sid


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class WhatsAppChannel:
    """The WhatsApp ``Channel``: Twilio webhooks in, ``messages.create`` out."""

    name = "whatsapp"

    def __init__(
        self,
        client: Client,
        auth_token: str,
        public_url: str,
        from_number: str,
        *,
        template_sid: str | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not auth_token:
            raise ValueError("WhatsApp needs the Twilio auth token to check signatures")
        self._client = client
        self._validator = RequestValidator(auth_token)
        self._public_url = public_url.rstrip("/")
        self._from = from_number
        self._template_sid = template_sid
        self._now = now

    async def start(self) -> None:
        """Nothing to open: the Twilio client connects per request."""

    async def stop(self) -> None:
        """Nothing to close."""

    def status_callback_url(self) -> str:
        return f"{self._public_url}/webhooks/whatsapp/status"

    async def verify(self, request: Request, body: bytes) -> None:
        signature = request.headers.get("x-twilio-signature")
        if not signature:
            raise ForbiddenRequest("missing X-Twilio-Signature")
        url = self._public_url + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        try:
            params = _form(body)
        except ValueError as exc:
            raise ForbiddenRequest("body is not form-encoded UTF-8") from exc
        if not self._validator.validate(url, params, signature):
            raise ForbiddenRequest("bad X-Twilio-Signature")

    async def parse(self, request: Request, body: bytes) -> list[IncomingMessage]:
        try:
            form = _form(body)
        except ValueError as exc:
            raise BadRequest("body is not form-encoded UTF-8") from exc
        sid = _sid(form)
        sender = _required(form, "From")
        if not sender.startswith(PREFIX) or len(sender) > MAX_ADDRESS:
            raise BadRequest("From is not a WhatsApp address")
        try:
            num_media = int(form.get("NumMedia") or "0")
        except ValueError as exc:
            raise BadRequest("NumMedia is not a number") from exc
        if num_media < 0:
            raise BadRequest("NumMedia is negative")
        payload = form.get("ButtonPayload") or None
        if payload is not None and len(payload) > MAX_PAYLOAD:
            raise BadRequest("ButtonPayload is too long")
        text = form.get("Body", "") or (form.get("ButtonText", "") if payload else "")
        # ProfileName and WaId are deliberately dropped: we store no names.
        return [
            IncomingMessage(
                channel=self.name,
                user_ref=sender,
                text=text,
                payload=payload,
                platform_message_id=sid,
                has_media=num_media > 0 and not text,
            )
        ]

    def parse_status(self, body: bytes) -> StatusUpdate:
        try:
            form = _form(body)
        except ValueError as exc:
            raise BadRequest("body is not form-encoded UTF-8") from exc
        status = _required(form, "MessageStatus")
        if status not in MESSAGE_STATUSES:
            raise BadRequest(f"unknown MessageStatus {status!r}")
        error_code = form.get("ErrorCode") or None
        if error_code is not None and not ERROR_CODE.fullmatch(error_code):
            raise BadRequest("ErrorCode is not a Twilio error code")
        return StatusUpdate(message_sid=_sid(form), status=status, error_code=error_code)

    async def send(self, delivery: Delivery) -> SendResult:
        callback = self.status_callback_url()
        last = delivery.last_inbound_at
        # Unknown last_inbound_at: send free-form and let Twilio refuse (63016 → permanent).
        if last is not None and _utc(self._now()) - _utc(last) > SESSION_WINDOW:
            if self._template_sid is None:
                return SendResult(held=True)
            sid = await asyncio.to_thread(
                self._create,
                from_=self._from,
                to=delivery.address,
                content_sid=self._template_sid,
                status_callback=callback,
            )
            return SendResult(platform_ids=(sid,))
        reply = OutgoingMessage(
            text=delivery.text,
            language=delivery.language,
            buttons=delivery.buttons,
            numbered=delivery.numbered,
        )
        sids: list[str] = []
        for piece in split_text(text_with_choices(reply), MAX_BODY):
            if not piece.strip():
                continue
            sid = await asyncio.to_thread(
                self._create,
                from_=self._from,
                to=delivery.address,
                body=piece,
                status_callback=callback,
            )
            sids.append(sid)
        return SendResult(platform_ids=tuple(sids))

    def _create(self, **fields: str) -> str:
        """One ``messages.create`` (blocking: call it in a thread), errors translated."""
        try:
            message = self._client.messages.create(**fields)
        except (TwilioRestException, TwilioServiceException) as exc:
            status = int(exc.status)
            detail = f"Twilio {status} (code {exc.code}): {getattr(exc, 'msg', '') or exc}"
            if status == 429 or status >= 500:
                raise TransientSendError(detail) from exc
            raise PermanentSendError(detail) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TransientSendError(f"cannot reach Twilio: {exc}") from exc
        except requests.RequestException as exc:
            if isinstance(exc, ValueError):  # InvalidURL, MissingSchema...: our configuration
                raise PermanentSendError(f"bad request to Twilio: {exc}") from exc
            raise TransientSendError(f"Twilio connection failed: {exc}") from exc
        except TwilioException as exc:
            raise TransientSendError(f"Twilio client error: {exc}") from exc
        return str(message.sid)
