"""Logging failures without what people wrote.

An exception's message often quotes the value that broke it (``int()`` quotes the text it
could not read, a driver error can quote a row), and a traceback prints that message. At
WARNING and above we log the exception's type and where it was raised, code locations only;
the full traceback goes to DEBUG, for a developer who turns DEBUG on deliberately.
"""

from __future__ import annotations

import logging
import traceback

FRAMES = 6


def where(exc: BaseException, frames: int = FRAMES) -> str:
    """``Type at file:line in function <- ...``, innermost frame first; no message, no values."""
    summary = traceback.extract_tb(exc.__traceback__)[-frames:]
    places = " <- ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in reversed(summary))
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {places or 'unknown'}"


def log_failure(logger: logging.Logger, what: str, exc: BaseException, **extra: object) -> None:
    """``what`` at ERROR with the exception's type and places; the traceback at DEBUG."""
    logger.error("%s: %s", what, where(exc), extra=extra)
    logger.debug("%s", what, exc_info=exc, extra=extra)
