"""``chaski import profiles``: profiles gathered elsewhere (surveys, partners).

Each JSON Lines record is a CONTRACT profile plus ``id`` (the partner's identifier, stored
only as a keyed pseudonym) and an optional ``created_at``. Re-importing an ``id`` updates it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session

from bot.profile import PROFILE_FIELDS, Profile
from bot.records import Record, RecordError
from bot.regions import canonical_region
from bot.store.people import find_person, pseudonym
from bot.store.tables import Person, ProfileRow

CHANNEL = "import"


@dataclass(frozen=True)
class ImportedProfile:
    external_id: str
    profile: Profile
    created_at: datetime | None


def validate_profile_record(path: Path, line: int, record: Record) -> ImportedProfile:
    external_id = str(record.get("id") or "").strip()
    if not external_id:
        raise RecordError(path, line, "missing id")
    try:
        profile = Profile.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "profile"
        raise RecordError(path, line, f"{field}: {first['msg']}") from exc
    region = canonical_region(profile.region)
    if region:
        profile = profile.model_copy(update={"region": region})
    return ImportedProfile(external_id, profile, _parse_time(path, line, record.get("created_at")))


def _parse_time(path: Path, line: int, value: object) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise RecordError(path, line, f"created_at: not an ISO date ({value!r})") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def store_profiles(
    session: Session,
    profiles: Iterable[ImportedProfile],
    *,
    key: str,
    now: datetime,
    progress: Callable[[], None] = lambda: None,
) -> int:
    """Upsert validated profiles; returns how many were stored."""
    count = 0
    for item in profiles:
        ref = pseudonym(key, CHANNEL, item.external_id)
        created = item.created_at or now
        person = find_person(session, channel=CHANNEL, platform_ref=ref)
        if person is None:
            person = Person(channel=CHANNEL, platform_ref=ref, created_at=created)
            session.add(person)
            session.flush()
        person.language = item.profile.language
        person.consent = "external"
        person.updated_at = now
        row = person.profile or ProfileRow(person_id=person.id, created_at=created)
        person.profile = row
        document = item.profile.to_contract()
        for field in PROFILE_FIELDS:
            setattr(row, field, document.get(field))
        row.source = CHANNEL
        row.completed_at = created
        row.updated_at = now
        count += 1
        progress()
    return count
