"""``chaski import jobs|courses``, ``chaski index build`` and ``chaski match``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from bot.app import Services
from bot.i18n import Translator
from bot.profile import Profile
from bot.progress import progress_bar
from bot.records import RecordError, read_records
from retrieval.catalog import CatalogError, Kind, OfferRecord, validate_offer
from retrieval.matcher import Match

index_app = typer.Typer(no_args_is_help=True, help="The vector index of the catalogs.")


def read_catalog(kind: Kind, path: Path) -> list[OfferRecord]:
    """Every record validated before anything is stored (a bad row rejects the file)."""
    records: list[OfferRecord] = []
    seen: dict[str, int] = {}
    for line, record in read_records(path):
        try:
            offer = validate_offer(kind, record)
        except CatalogError as exc:
            raise RecordError(path, line, exc.problem) from exc
        if offer.id in seen:
            raise RecordError(path, line, f"id {offer.id!r} repeats line {seen[offer.id]}")
        seen[offer.id] = line
        records.append(offer)
    return records


def import_catalog(services: Services, kind: Kind, path: Path) -> str:
    records = read_catalog(kind, path)
    services.database.upgrade()
    with progress_bar(len(records), f"{kind}: embedding") as advance:
        changed = services.matching.import_records(kind, records, progress=advance)
    return f"imported {len(records)} {kind} from {path.name} ({changed} new or changed)"


def result_document(
    kind: Kind, profile: Profile, matches: list[Match], translate: Translator
) -> dict[str, Any]:
    """CONTRACT.md's result document, reasons worded in the profile's language."""
    lang = profile.language if profile.language in translate.catalogs else "es"
    return {
        "kind": kind,
        "profile_language": profile.language,
        "results": [
            {
                "id": match.offer.id,
                "score": match.score,
                "title": match.offer.title,
                "reasons": [translate(r.key, lang, **r.values) for r in match.reasons],
            }
            for match in matches
        ],
    }


def read_profile(path: Path) -> Profile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"{path.name}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: a profile is a JSON object")
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "profile"
        raise ValueError(f"{path.name}: {field}: {first['msg']}") from exc
