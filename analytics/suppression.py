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
   period's people), what the rows hide could be recovered by subtracting what they show
   from the total: the hidden rows' people together, and for each share the part (and rest)
   of all the rows withholding it together. While the hidden rows add up to fewer than
   ``k`` people, the smallest shown row is hidden too; while a share's withholding rows add
   up to a part (or rest) below ``k``, the share is withheld in the smallest row showing it.

Analytics never reads names or phone numbers (the schema holds none) and never writes a
person id: every table is an aggregate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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


def _null_cells(
    row: Row, rule: Rule, k: int, forced: frozenset[str] = frozenset()
) -> tuple[Row, int]:
    """The row with every failing share nulled (repeated until nothing changes, since a
    nulled whole fails the shares built on it); ``forced``: parts withheld in step 3.
    Returns the copy and how many values went."""
    copy = dict(row)
    withheld = 0
    changed = True
    while changed:
        changed = False
        for share in rule.shares:
            whole, part = copy.get(share.whole), copy.get(share.part)
            if part is None and all(copy.get(v) is None for v in share.values):
                continue
            fails = share.part in forced or _small(whole, k) or _small(part, k)
            if not fails and share.complement:
                fails = _small((_people(whole) or 0) - (_people(part) or 0), k)
            if fails:
                for column in (share.part, *share.values):
                    if copy.get(column) is not None:
                        copy[column] = None
                        withheld += 1
                changed = True
    return copy, withheld


def _blocks(rows: Sequence[Row], rule: Rule) -> list[list[int]]:
    """Row indexes of each block (a total row belongs to none)."""
    if rule.blocks is None:
        return []
    blocks: dict[tuple[Cell, ...], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if rule.total is not None and row.get(rule.total[0]) == rule.total[1]:
            continue
        blocks[tuple(row.get(label) for label in rule.blocks)].append(index)
    return list(blocks.values())


def _total(rows: Sequence[Row], indexes: Sequence[int], column: str) -> int:
    return sum(_people(rows[i].get(column)) or 0 for i in indexes)


@dataclass
class _Work:
    """One table on its way through suppression: rows hidden and parts withheld so far."""

    rows: Sequence[Row]
    rule: Rule
    k: int
    hidden: set[int] = field(default_factory=set)
    forced: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def kept(self, index: int) -> tuple[Row, int]:
        return _null_cells(self.rows[index], self.rule, self.k, frozenset(self.forced[index]))

    def protect(self, members: list[int]) -> bool:
        """One more step of complementary suppression in a block: hide the smallest shown
        row when the hidden rows add up to fewer than ``k`` people, or withhold a share in
        the smallest row still showing it when the rows withholding it add up to a failing
        share. False when the block gives nothing away."""
        rows, rule, k = self.rows, self.rule, self.k
        visible = sorted(
            (i for i in members if i not in self.hidden),
            key=lambda i: (_people(rows[i].get(rule.count)) or 0, i),
        )
        if not visible:
            return False
        gone = [i for i in members if i in self.hidden]
        if gone and _total(rows, gone, rule.count) < k:
            self.hidden.add(visible[0])
            return True
        kept = {i: self.kept(i)[0] for i in visible}
        for share in rule.shares:
            known = [i for i in visible if kept[i].get(share.part) is not None]
            unknown = [i for i in members if i not in known]
            if not known or not unknown:
                continue
            part = _total(rows, unknown, share.part)
            rest = _total(rows, unknown, share.whole) - part
            if part < k or (share.complement and rest < k):
                smallest = min(known, key=lambda i: (_people(rows[i].get(share.whole)) or 0, i))
                self.forced[smallest].add(share.part)
                return True
        return False


def suppress(rows: Sequence[Row], rule: Rule, k: int) -> Suppressed:
    """A copy of ``rows`` with small groups hidden; every row gets a ``suppressed`` flag."""
    work = _Work(rows, rule, k, {i for i, row in enumerate(rows) if _small(row.get(rule.count), k)})
    for members in _blocks(rows, rule):
        while work.protect(members):
            pass
    out: list[Row] = []
    withheld = 0
    for index, row in enumerate(rows):
        if index in work.hidden:
            out.append(_hide_row(row, rule))
            continue
        kept, nulled = work.kept(index)
        kept["suppressed"] = False
        withheld += nulled
        out.append(kept)
    return Suppressed(out, len(work.hidden), withheld)


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
