"""Small-group suppression: no table shows, or lets anyone work back, a count of fewer than
``k`` people.

Three steps, per table:

1. **Rows.** A row whose group has fewer than ``k`` people keeps only its labels (the
   group's name); every value becomes null and ``suppressed`` is true.
2. **Cells.** In a row that stays, a :class:`Share` (``part`` of the ``whole`` people, e.g.
   the informal among the employed who answered) is nulled with every value computed from
   it when the whole or the part has fewer than ``k`` people, or, for a two-sided attribute,
   when the rest (``whole - part``, e.g. the formal) has: a rate of 95 % of 40 names two
   people as surely as the count does. A nulled whole nulls its parts in turn.
3. **Complements.** In a table whose rows split a published total (every region of the
   period's people), the suppressed rows could be recovered together by subtracting the
   shown rows from the total. While that would give away fewer than ``k`` people (or a
   share of them that step 2 would null), the smallest shown row is suppressed as well.

Analytics never reads names or phone numbers (the schema holds none) and never writes a
person id: every table is an aggregate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analytics.rows import Cell, Row

DEFAULT_K = 10


@dataclass(frozen=True)
class Share:
    """``part`` people out of ``whole`` in a row, and the ``values`` computed from them.

    ``complement``: whether ``whole - part`` can be read off the row and must reach ``k``
    too (two-sided attributes: informal/formal, poor/not poor)."""

    whole: str
    part: str
    values: tuple[str, ...] = ()
    complement: bool = True


@dataclass(frozen=True)
class Rule:
    """How one table is suppressed.

    ``count``: the column holding how many people the row describes. ``labels``: columns
    that name the group and are always kept. ``shares``: the cells checked in rows that stay.
    ``blocks``: when set, the rows sharing these label values split a published total (``()``:
    the whole table does), so step 3 applies within each block; ``total``: a ``(column,
    value)`` marking a total row in the table itself, which belongs to no block.
    """

    count: str
    labels: tuple[str, ...]
    shares: tuple[Share, ...] = ()
    blocks: tuple[str, ...] | None = None
    total: tuple[str, str] | None = None


@dataclass(frozen=True)
class Suppressed:
    rows: list[Row]
    suppressed: int  # rows hidden (small groups and their complements)
    withheld: int  # values nulled inside rows that stay


def shown(row: Mapping[str, Cell]) -> bool:
    """Whether a row went through suppression and stayed: only such rows may be quoted in a
    caption or drawn in a plot (a row without the flag was never checked)."""
    return row.get("suppressed") is False


def _people(value: Cell) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _small(value: Cell, k: int) -> bool:
    people = _people(value)
    return people is None or people < k


def _hide_row(row: Row, rule: Rule) -> Row:
    hidden: Row = {key: (value if key in rule.labels else None) for key, value in row.items()}
    hidden["suppressed"] = True
    return hidden


def _null_cells(row: Row, rule: Rule, k: int) -> tuple[Row, int]:
    """The row with every failing share nulled (repeated until nothing changes, since a
    nulled whole fails the shares built on it); returns the copy and how many values went."""
    copy = dict(row)
    withheld = 0
    changed = True
    while changed:
        changed = False
        for share in rule.shares:
            whole, part = copy.get(share.whole), copy.get(share.part)
            if part is None and all(copy.get(v) is None for v in share.values):
                continue
            fails = _small(whole, k) or _small(part, k)
            if not fails and share.complement:
                fails = _small((_people(whole) or 0) - (_people(part) or 0), k)
            if fails:
                for column in (share.part, *share.values):
                    if copy.get(column) is not None:
                        copy[column] = None
                        withheld += 1
                changed = True
    return copy, withheld


def _sum(rows: Sequence[Row], columns: set[str]) -> dict[str, int]:
    return {name: sum(_people(row.get(name)) or 0 for row in rows) for name in columns}


def _block_key(row: Row, rule: Rule) -> tuple[Cell, ...] | None:
    if rule.blocks is None:
        return None
    if rule.total is not None and row.get(rule.total[0]) == rule.total[1]:
        return None
    return tuple(row.get(label) for label in rule.blocks)


def _recoverable_leak(gone: Sequence[Row], shown: Sequence[Row], rule: Rule, k: int) -> bool:
    """Whether total minus the shown rows gives away a count of fewer than ``k`` people
    about the hidden rows together. A column can be worked back only when every shown row
    of the block still has it."""
    columns = {rule.count, *(s.whole for s in rule.shares), *(s.part for s in rule.shares)}
    known = {name for name in columns if all(row.get(name) is not None for row in shown)}
    hidden = _sum(gone, columns)
    if rule.count in known and hidden[rule.count] < k:
        return True
    for share in rule.shares:
        if share.part in known and hidden[share.part] < k:
            return True
        rest = hidden[share.whole] - hidden[share.part]
        if share.complement and {share.whole, share.part} <= known and rest < k:
            return True
    return False


def _complements(rows: Sequence[Row], hidden: set[int], rule: Rule, k: int) -> set[int]:
    """More rows to hide, smallest first, until no block's hidden rows can be worked back."""
    blocks: dict[tuple[Cell, ...], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        key = _block_key(row, rule)
        if key is not None:
            blocks[key].append(index)
    extra: set[int] = set()
    for members in blocks.values():
        gone = [i for i in members if i in hidden]
        shown = sorted(
            (i for i in members if i not in hidden),
            key=lambda i: (_people(rows[i].get(rule.count)) or 0, i),
        )
        while gone and shown:
            kept = [_null_cells(rows[i], rule, k)[0] for i in shown]
            if not _recoverable_leak([rows[i] for i in gone], kept, rule, k):
                break
            smallest = shown.pop(0)
            gone.append(smallest)
            extra.add(smallest)
    return extra


def suppress(rows: Sequence[Row], rule: Rule, k: int) -> Suppressed:
    """A copy of ``rows`` with small groups hidden; every row gets a ``suppressed`` flag."""
    hidden = {i for i, row in enumerate(rows) if _small(row.get(rule.count), k)}
    hidden |= _complements(rows, hidden, rule, k)
    out: list[Row] = []
    withheld = 0
    for index, row in enumerate(rows):
        if index in hidden:
            out.append(_hide_row(row, rule))
            continue
        kept, nulled = _null_cells(row, rule, k)
        kept["suppressed"] = False
        withheld += nulled
        out.append(kept)
    return Suppressed(out, len(hidden), withheld)


def suppression_summary(results: Mapping[str, Suppressed], k: int) -> list[Row]:
    """One row per people table: its rows, how many were suppressed, values withheld."""
    return [
        {
            "table": name,
            "k": k,
            "rows": len(result.rows),
            "suppressed_rows": result.suppressed,
            "withheld_values": result.withheld,
        }
        for name, result in results.items()
    ]
