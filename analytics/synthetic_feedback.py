"""Synthetic consumer feedback on Peruvian food products, with an optional injected shift.

Each product has a fixed mixture of (sentiment, aspects) labels; texts come from Spanish
and Quechua templates that say that sentiment about those aspects, so the analyser would
give them the same labels. An injected shift sets the share of one (sentiment, aspect) for
one product to ``before`` until a given week and to ``after`` from then on (the rest of
that product's mixture scales down); everything else is stationary.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from analytics.period import PERU

# (product, category, weight): typical products small Peruvian producers sell.
PRODUCTS: tuple[tuple[str, str, float], ...] = (
    ("galletas de quinua", "snacks andinos", 0.16),
    ("chifles", "snacks andinos", 0.10),
    ("mermelada de aguaymanto", "dulces y mermeladas", 0.09),
    ("café de Chanchamayo", "bebidas", 0.13),
    ("chocolate de cacao nativo", "dulces y mermeladas", 0.12),
    ("yogurt de lúcuma", "lácteos", 0.10),
    ("pan de kiwicha", "panadería", 0.09),
    ("miel de abeja", "dulces y mermeladas", 0.08),
    ("queso andino", "lácteos", 0.08),
    ("cancha serrana", "snacks andinos", 0.05),
)

Label = tuple[str, tuple[str, ...]]
BASE: tuple[tuple[Label, float], ...] = (
    (("pos", ("sabor",)), 0.17),
    (("pos", ("textura",)), 0.05),
    (("pos", ("precio",)), 0.05),
    (("pos", ("salud",)), 0.05),
    (("pos", ("sabor", "aroma")), 0.05),
    (("pos", ("frescura",)), 0.04),
    (("pos", ("empaque",)), 0.02),
    (("pos", ("tamano",)), 0.02),
    (("pos", ("dulzor",)), 0.03),
    (("neg", ("precio",)), 0.08),
    (("neg", ("sabor",)), 0.05),
    (("neg", ("dulzor",)), 0.06),
    (("neg", ("empaque",)), 0.04),
    (("neg", ("textura",)), 0.04),
    (("neg", ("frescura",)), 0.03),
    (("neg", ("disponibilidad",)), 0.04),
    (("neg", ("tamano",)), 0.03),
    (("neg", ("sal",)), 0.02),
    (("neu", ()), 0.08),
    (("neu", ("precio",)), 0.03),
    (("neu", ("disponibilidad",)), 0.02),
)

ES: dict[tuple[str, str], tuple[str, ...]] = {
    ("pos", "sabor"): ("{p}: muy rico el sabor", "me encantó el sabor de {p}",
                       "qué rico, buen sabor"),
    ("neg", "sabor"): ("{p} no tiene buen sabor", "el sabor de {p} es feo",
                       "sabe raro, no me gustó"),
    ("pos", "dulzor"): ("dulce en su punto", "{p} con el dulce justo"),
    ("neg", "dulzor"): ("{p} demasiado dulce", "muy empalagosa, le sobra azúcar",
                        "{p} empalagosa, mucha azúcar"),
    ("pos", "textura"): ("bien crocante", "{p} con buena textura, suave"),
    ("neg", "textura"): ("{p} llegó duro", "textura arenosa, no me gustó"),
    ("pos", "precio"): ("buen precio", "{p} barato y rendidor"),
    ("neg", "precio"): ("{p} muy caro", "subió el precio, está carísimo"),
    ("neu", "precio"): ("¿cuánto cuesta {p}?",),
    ("pos", "salud"): ("{p} es nutritivo y sano", "saludable para los niños"),
    ("pos", "aroma"): ("huele muy rico", "qué buen aroma"),
    ("pos", "frescura"): ("{p} llegó fresquito", "bien fresco"),
    ("neg", "frescura"): ("{p} vino rancio", "estaba vencido, nada fresco"),
    ("pos", "empaque"): ("bonito empaque", "buena presentación"),
    ("neg", "empaque"): ("el empaque vino roto", "{p} con la bolsa rota"),
    ("pos", "tamano"): ("porción grande", "{p} trae bastante"),
    ("neg", "tamano"): ("{p} muy pequeño para el precio", "la porción es chiquita"),
    ("neg", "disponibilidad"): ("no encuentro {p} en la tienda", "siempre está agotado"),
    ("neu", "disponibilidad"): ("¿dónde venden {p}?",),
    ("neg", "sal"): ("{p} muy salado", "le sobra sal"),
    ("neu", ""): ("compré {p} ayer", "normal, {p} como siempre"),
}  # fmt: skip
QU: dict[tuple[str, str], tuple[str, ...]] = {
    ("pos", "sabor"): ("{p} sumaq mikhuy", "ancha sumaqmi {p}"),
    ("neg", "sabor"): ("{p} mana sumaqchu", "manam gustawanchu {p}"),
    ("neg", "dulzor"): ("{p} ancha misk'i, azúcar achkha",),
    ("pos", "dulzor"): ("{p} misk'illa",),
    ("neg", "precio"): ("{p} ancha chaniyuq",),
    ("pos", "precio"): ("{p} pisi chaniyuq",),
    ("neu", ""): ("{p} rantirqani",),
}


@dataclass(frozen=True)
class ShiftSpec:
    product: str = "galletas de quinua"
    aspect: str = "dulzor"
    sentiment: str = "neg"
    week: int = 11  # 0-based: the 12th week is the first with the new share
    before: float = 0.10
    after: float = 0.35


def _mixtures(rng: random.Random) -> dict[str, list[tuple[Label, float]]]:
    """Each product's own stationary mixture (base weights jittered per product)."""
    mixtures: dict[str, list[tuple[Label, float]]] = {}
    for product, _category, _weight in PRODUCTS:
        weights = [(label, w * rng.uniform(0.6, 1.4)) for label, w in BASE]
        total = sum(w for _, w in weights)
        mixtures[product] = [(label, w / total) for label, w in weights]
    return mixtures


def _with_share(
    mixture: list[tuple[Label, float]], target: Label, share: float
) -> list[tuple[Label, float]]:
    """The mixture with ``target`` at ``share`` and every other label scaled to fit."""
    others = [(label, w) for label, w in mixture if label != target]
    rest = sum(w for _, w in others)
    return [(target, share), *((label, w * (1 - share) / rest) for label, w in others)]


def _text(rng: random.Random, label: Label, product: str, language: str) -> tuple[str, str]:
    sentiment, aspects = label
    keys = [(sentiment, aspect) for aspect in aspects] or [(sentiment, "")]
    if language == "qu" and all(key in QU for key in keys):
        pool, lang = QU, "qu"
    else:
        pool, lang = ES, "es"
    parts = [rng.choice(pool.get(key) or ES[key]) for key in keys]
    return ", y ".join(parts).replace("{p}", product), lang


@dataclass(frozen=True)
class Feedback:
    created_at: datetime
    user: str
    language: str
    product: str
    text: str
    sentiment: str
    aspects: tuple[str, ...]

    def record(self) -> dict[str, object]:
        """CONTRACT's ``chaski import feedback`` line, plus the labels for direct loading."""
        return {
            "ts": self.created_at.isoformat(),
            "user": self.user,
            "lang": self.language,
            "product": self.product,
            "text": self.text,
            "sentiment": self.sentiment,
            "aspects": list(self.aspects),
        }


def generate_feedback(
    count: int, *, start: date, weeks: int, seed: int, shift: ShiftSpec | None
) -> Iterator[Feedback]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    mixtures = _mixtures(rng)
    if shift is not None:
        target: Label = (shift.sentiment, (shift.aspect,))
        mixtures[f"{shift.product}/before"] = _with_share(
            mixtures[shift.product], target, shift.before
        )
        mixtures[f"{shift.product}/after"] = _with_share(
            mixtures[shift.product], target, shift.after
        )
    labels = {name: [label for label, _ in mixture] for name, mixture in mixtures.items()}
    cumulative = {
        name: list(accumulate(w for _, w in mixture)) for name, mixture in mixtures.items()
    }
    products = [p for p, _c, _w in PRODUCTS]
    product_cum = list(accumulate(w for _p, _c, w in PRODUCTS))
    week_cum = list(accumulate(1 + 0.25 * math.sin(i / 2.5) for i in range(weeks)))
    users = max(1, count // 4)
    for _ in range(count):
        week = rng.choices(range(weeks), cum_weights=week_cum)[0]
        product = rng.choices(products, cum_weights=product_cum)[0]
        mixture = product
        if shift is not None and product == shift.product:
            mixture = f"{product}/{'after' if week >= shift.week else 'before'}"
        label = rng.choices(labels[mixture], cum_weights=cumulative[mixture])[0]
        language = "qu" if rng.random() < 0.15 else "es"
        text, language = _text(rng, label, product, language)
        day = start + timedelta(weeks=week, days=rng.randrange(7))
        moment = datetime.combine(day, time(rng.randrange(7, 22), rng.randrange(60)), PERU)
        yield Feedback(
            created_at=moment,
            user=f"u{rng.randrange(users):06d}",
            language=language,
            product=product,
            text=text,
            sentiment=label[0],
            aspects=label[1],
        )
