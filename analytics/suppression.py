"""Small-group suppression: no table row may describe fewer than ``k`` people.

A row whose group has fewer than ``k`` people keeps only its labels (the group's name);
every value becomes null and ``suppressed`` is true. In a row that stays, a value computed
over a subgroup of fewer than ``k`` people (a rate over the few who answered a question) is
nulled too. Analytics never reads names or phone numbers (the schema holds none) and never
writes a person id: every table is an aggregate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analytics.rows import Row

DEFAULT_K = 10


@dataclass(frozen=True)
class Rule:
    """How one table is suppressed.

    ``count``: the column holding how many people the row describes. ``labels``: columns
    that name the group and are always kept. ``cells``: a subgroup count column → the value
    columns computed over that subgroup, nulled when it is below ``k``.
    """

    count: str
    labels: tuple[str, ...]
    cells: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suppressed:
    rows: list[Row]
    suppressed: int


def suppress(rows: Sequence[Row], rule: Rule, k: int) -> Suppressed:
    """A copy of ``rows`` with small groups hidden; every row gets a ``suppressed`` flag."""
    out: list[Row] = []
    hidden = 0
    for row in rows:
        people = row.get(rule.count)
        small = not isinstance(people, int) or people < k
        if small:
            hidden += 1
            kept: Row = {key: (value if key in rule.labels else None) for key, value in row.items()}
            kept["suppressed"] = True
            out.append(kept)
            continue
        copy = dict(row)
        for count_column, value_columns in rule.cells.items():
            subgroup = row.get(count_column)
            if not isinstance(subgroup, int) or subgroup < k:
                for column in value_columns:
                    copy[column] = None
        copy["suppressed"] = False
        out.append(copy)
    return Suppressed(out, hidden)


def suppression_summary(counts: Mapping[str, tuple[int, int]], k: int) -> list[Row]:
    """One row per people table: how many rows it has and how many were suppressed."""
    return [
        {"table": name, "k": k, "rows": total, "suppressed_rows": hidden}
        for name, (total, hidden) in counts.items()
    ]
