"""Webhooks: verify, parse, store (deduplicated), answer 2xx at once. The worker replies."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot import metrics
from bot.messages import IncomingMessage
from bot.store.queue import store_inbound
from bot.store.tables import MessageRow
from webhooks.channel import BadRequest, Channel, ForbiddenRequest
from webhooks.routes.openapi import REFUSALS, STATUS_REQUEST, TELEGRAM_REQUEST, WHATSAPP_REQUEST
from webhooks.state import AppState, State
from webhooks.whatsapp import WhatsAppChannel

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over ``limit`` before reading it all."""
    declared = request.headers.get("content-length")
    # isascii: str.isdigit() also accepts "²" and "٣", which int() may refuse (a 500).
    if declared is not None and not (declared.isascii() and declared.isdigit()):
        raise HTTPException(status_code=400, detail="bad Content-Length")
    if declared is not None and int(declared) > limit:
        raise HTTPException(status_code=413, detail="request body too large")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(status_code=413, detail="request body too large")
    return bytes(body)


def channel_or_404(state: AppState, name: str) -> Channel:
    channel = state.channels.get(name)
    if channel is None:
        raise HTTPException(status_code=404, detail=f"the {name} channel is off")
    return channel


async def verified_messages(
    request: Request, state: AppState, channel: Channel
) -> list[IncomingMessage]:
    body = await read_body(request, state.services.settings.max_body_bytes)
    try:
        await channel.verify(request, body)
    except ForbiddenRequest as exc:
        metrics.MESSAGES_IN.labels(channel=channel.name, outcome="forbidden").inc()
        raise HTTPException(status_code=403, detail="forbidden") from exc
    try:
        return await channel.parse(request, body)
    except BadRequest as exc:
        metrics.MESSAGES_IN.labels(channel=channel.name, outcome="bad_request").inc()
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def store_messages(state: AppState, messages: list[IncomingMessage]) -> list[bool]:
    """Store every message in one transaction; True for each one that was new."""
    engine = state.services.engine
    with state.services.database.session() as session:
        return [
            store_inbound(session, message, key=engine.pseudonym_key, now=engine.clock())
            is not None
            for message in messages
        ]


async def receive(request: Request, state: AppState, name: str) -> None:
    channel = channel_or_404(state, name)
    messages = await verified_messages(request, state, channel)
    if not messages:
        metrics.MESSAGES_IN.labels(channel=name, outcome="ignored").inc()
        return
    stored = await run_in_threadpool(store_messages, state, messages)
    for is_new in stored:
        metrics.MESSAGES_IN.labels(channel=name, outcome="stored" if is_new else "duplicate").inc()
        if not is_new:
            metrics.DUPLICATES.labels(channel=name).inc()
    if any(stored):
        state.worker.wake()


@router.post(
    "/telegram",
    openapi_extra=TELEGRAM_REQUEST,
    responses={
        200: {"description": "stored (or a redelivery, or a kind Chaski ignores)"},
        **REFUSALS,
    },
)
async def telegram_webhook(request: Request, state: State) -> JSONResponse:
    await receive(request, state, "telegram")
    return JSONResponse({"ok": True})


@router.post(
    "/whatsapp",
    openapi_extra=WHATSAPP_REQUEST,
    response_class=Response,
    responses={
        200: {"description": "stored; empty TwiML", "content": {"text/xml": {}}},
        **REFUSALS,
    },
)
async def whatsapp_webhook(request: Request, state: State) -> Response:
    await receive(request, state, "whatsapp")
    return Response(EMPTY_TWIML, media_type="text/xml")


def record_delivery(state: AppState, sid: str, status: str, error: str | None) -> None:
    with state.services.database.session() as session:
        row = (
            session.query(MessageRow)
            .filter_by(channel="whatsapp", direction="out", platform_message_id=sid)
            .one_or_none()
        )
        if row is not None:
            row.delivery_status = status
            if error:
                row.error = f"twilio {error}"


@router.post(
    "/whatsapp/status",
    status_code=204,
    openapi_extra=STATUS_REQUEST,
    response_class=Response,
    responses={204: {"description": "recorded (an unknown MessageSid is ignored)"}, **REFUSALS},
)
async def whatsapp_status(request: Request, state: State) -> Response:
    channel = channel_or_404(state, "whatsapp")
    if not isinstance(channel, WhatsAppChannel):
        raise HTTPException(status_code=404, detail="the whatsapp channel is off")
    body = await read_body(request, state.services.settings.max_body_bytes)
    try:
        await channel.verify(request, body)
    except ForbiddenRequest as exc:
        raise HTTPException(status_code=403, detail="forbidden") from exc
    try:
        update = channel.parse_status(body)
    except BadRequest as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    await run_in_threadpool(
        record_delivery, state, update.message_sid, update.status, update.error_code
    )
    return Response(status_code=204)
