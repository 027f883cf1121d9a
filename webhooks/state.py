"""What the web app holds for its lifetime, built once in the lifespan and injected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from bot.app import Services
from webhooks.channel import Channel
from webhooks.worker import Worker


@dataclass
class AppState:
    services: Services
    channels: dict[str, Channel]
    worker: Worker


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.chaski
    return state


State = Annotated[AppState, Depends(app_state)]
