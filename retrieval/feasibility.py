"""CONTRACT.md's seven feasibility rules, each a vectorised mask over the catalog.

An offer is feasible when every known fact allows it: a fact missing on either side never
excludes (except where a rule says otherwise, as rule 6 does for the profile's hours).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import numpy.typing as npt

from bot.profile import EDUCATION_LEVELS, EQUIPMENT_LEVELS, SCHEDULES, Profile
from retrieval.offers import UNKNOWN, OfferColumns, region_key

Mask = npt.NDArray[np.bool_]
Rule = Callable[[OfferColumns, Profile, date], Mask]

COMPLETO = SCHEDULES.index("completo")
FLEXIBLE = SCHEDULES.index("flexible")


def _mask(values: object) -> Mask:
    return np.asarray(values, dtype=np.bool_)


def _level(levels: tuple[str, ...], value: str | None) -> int:
    return levels.index(value) if value in levels else UNKNOWN


def not_expired(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 1: ``expires_at`` absent or not before today."""
    return _mask(offers.expires >= today.toordinal())


def same_region_when_on_site(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 2: on-site offers (and presencial/mixto courses) are in the profile's region."""
    key = region_key(profile.region)
    code = offers.region_codes.get(key, -2) if key is not None else -2
    in_region = offers.region == code
    unknown = offers.region == UNKNOWN  # an on-site offer with no region is not excluded
    return _mask(~offers.presence | in_region | unknown)


def remote_fits(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 3: remote offers need ``remote_ok`` not false and enough equipment."""
    if profile.remote_ok is False:
        return _mask(~offers.remote)
    have = _level(EQUIPMENT_LEVELS, profile.equipment)
    if have == UNKNOWN:
        return np.ones(len(offers), dtype=np.bool_)
    enough = (offers.equipment == UNKNOWN) | (offers.equipment <= have)
    return _mask(~offers.remote | enough)


def education_fits(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 4: ``education_required`` not above the profile's education."""
    have = _level(EDUCATION_LEVELS, profile.education)
    if have == UNKNOWN:
        return np.ones(len(offers), dtype=np.bool_)
    return _mask((offers.education == UNKNOWN) | (offers.education <= have))


def hours_fit(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 5: the offer's weekly hours at most 1.1 x the profile's, in exact arithmetic
    (10 x offer <= 11 x profile). Courses have no weekly hours."""
    if profile.hours_per_week is None:
        return np.ones(len(offers), dtype=np.bool_)
    within = offers.hours * 10 <= profile.hours_per_week * 11
    return _mask(~offers.weekly_hours_apply | (offers.hours == UNKNOWN) | within)


def schedule_fits(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 6: flexible on either side fits anything, and so does the profile's completo;
    an offer's completo needs the profile's completo/flexible or 40+ hours; otherwise two
    known schedules must be equal."""
    mine = _level(SCHEDULES, profile.schedule)
    if mine in (UNKNOWN, FLEXIBLE, COMPLETO):
        return np.ones(len(offers), dtype=np.bool_)
    theirs = offers.schedule
    full_time_ok = profile.hours_per_week is not None and profile.hours_per_week >= 40
    return _mask(
        (theirs == UNKNOWN)
        | (theirs == FLEXIBLE)
        | ((theirs == COMPLETO) & full_time_ok)
        | (theirs == mine)
    )


def shares_a_language(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Rule 7: the offer's languages and the profile's share at least one (a profile
    without ``languages`` speaks its ``language`` and Spanish)."""
    spoken = offers.language_bits.known(profile.spoken_languages())
    return _mask((offers.languages == 0) | ((offers.languages & spoken) != 0))


RULES: tuple[Rule, ...] = (
    not_expired,
    same_region_when_on_site,
    remote_fits,
    education_fits,
    hours_fit,
    schedule_fits,
    shares_a_language,
)


def feasible(offers: OfferColumns, profile: Profile, today: date) -> Mask:
    """Offers every rule allows."""
    mask = np.ones(len(offers), dtype=np.bool_)
    for rule in RULES:
        mask &= rule(offers, profile, today)
    return mask
