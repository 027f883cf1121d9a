"""Plain-language Spanish sentences about the results (returned unescaped: the report
escapes every sentence, since group and product names come from the data)."""

from __future__ import annotations

from collections.abc import Sequence

from analytics.poverty import UNKNOWN, PovertyResult
from analytics.rows import Cell, Row
from analytics.shifts import Shift
from analytics.stats import normal_two_sided_p, two_proportion_z

DIMENSION_NAMES = {
    "region": "regiones",
    "language": "idiomas",
    "gender": "géneros",
    "age_band": "grupos de edad",
    "education": "niveles educativos",
}
GROUP_NAMES = {"f": "mujeres", "m": "hombres", "x": "personas no binarias", "es": "castellano",
               "qu": "quechua", "ay": "aimara", "en": "inglés"}  # fmt: skip
ASPECTS = {"tamano": "tamaño", "precio": "precio"}
CONTROL_NAMES = {"age_band": "edad", "education": "educación", "language": "idioma"}
SENTIMENTS = {"neg": "negativas", "pos": "positivas", "neu": "neutras"}


def pct(value: Cell) -> str:
    if not isinstance(value, int | float):
        return "—"
    return f"{100 * value:.1f} %".replace(".", ",")


def number(value: Cell) -> str:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",")
    return str(value)


EDUCATION_NAMES = {
    "ninguna": "quienes no tienen educación formal",
    "primaria": "quienes tienen primaria",
    "secundaria": "quienes tienen secundaria",
    "tecnica": "quienes tienen educación técnica",
    "universitaria": "quienes tienen educación universitaria",
}
SUBGROUP = {"informal_rate": "employed_with_answers", "poverty_rate": "with_income_answers"}


def group_name(dimension: str, group: str) -> str:
    if dimension == "age_band":
        return f"las personas de {group} años"
    if dimension == "language":
        return f"quienes hablan {GROUP_NAMES.get(group, group)}"
    if dimension == "education":
        return EDUCATION_NAMES.get(group, f"quienes tienen educación {group}")
    if dimension == "gender":
        article = "los" if group == "m" else "las"
        return f"{article} {GROUP_NAMES[group]}" if group in GROUP_NAMES else group
    return group


def _clear(high: Row, low: Row, key: str) -> bool:
    """Whether the two groups' rates differ at the 5% level (two-proportion z-test)."""
    n_high, n_low = high.get(SUBGROUP[key]), low.get(SUBGROUP[key])
    if not isinstance(n_high, int) or not isinstance(n_low, int):
        return False
    x_high = round(float(high[key] or 0) * n_high)
    x_low = round(float(low[key] or 0) * n_low)
    z = two_proportion_z(x_low, n_low, x_high, n_high)
    return z is not None and normal_two_sided_p(z) < 0.05


def highest_lowest(rows: Sequence[Row], key: str, what: str, dimension: str) -> str | None:
    """ "La informalidad es mayor entre X (..) y menor entre Y (..)." over shown groups."""
    shown = [
        r
        for r in rows
        if not r.get("suppressed") and isinstance(r.get(key), float) and r.get("group") != UNKNOWN
    ]
    if len(shown) < 2:
        return None
    ranked = sorted(shown, key=lambda r: float(r[key] or 0))
    low, high = ranked[0], ranked[-1]
    if high[key] == low[key]:
        return None
    caveat = "" if _clear(high, low, key) else " (una diferencia dentro del margen de error)"
    return (
        f"Por {DIMENSION_NAMES[dimension]}: la {what} es mayor entre "
        f"{group_name(dimension, str(high['group']))} ({pct(high[key])}) y menor entre "
        f"{group_name(dimension, str(low['group']))} ({pct(low[key])}){caveat}."
    )


def poverty_sentences(result: PovertyResult, overall: Row) -> list[str]:
    line = result.line
    sentences = [
        f"En el periodo se registraron {number(result.people)} perfiles.",
        f"De las {number(overall.get('employed_with_answers'))} personas con trabajo que dieron "
        f"las respuestas necesarias, {pct(result.informal_rate)} trabaja en la informalidad "
        f"(IC 95 %: {pct(overall.get('informal_ci_low'))} a "
        f"{pct(overall.get('informal_ci_high'))}). "
        f"{number(overall.get('lacking_informality_answers'))} personas no respondieron lo "
        f"necesario y {number(overall.get('not_employed'))} no trabajan (desempleo, estudio u "
        "hogar); no se cuentan en esa tasa.",
        f"{pct(result.poverty_rate)} de las {number(overall.get('with_income_answers'))} "
        f"personas que dieron su ingreso y el tamaño de su hogar vive con menos de "
        f"S/ {line.soles:g} al mes por miembro del hogar (línea de pobreza monetaria nacional "
        f"{line.year} del INEI). {number(overall.get('lacking_income_answers'))} personas no "
        "dieron esos datos.",
    ]
    fit, crude = result.fit, result.crude
    if fit is not None:
        term = fit.informal
        names = [CONTROL_NAMES[c] for c in fit.controls]
        controls = (
            " e ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
        )
        adjusted = f", a igual {controls}" if controls else ""
        odds = number(term.odds_ratio)
        if term.low > 1:
            verdict = f"tienen {odds} veces las chances (odds) de ser pobres"
        elif term.high < 1:
            verdict = f"tienen menos chances de ser pobres (odds ratio {odds})"
        else:
            verdict = f"no muestran una diferencia clara en pobreza (odds ratio {odds})"
        sentences.append(
            f"Las personas en la informalidad {verdict} que las de empleo formal{adjusted} "
            f"(IC 95 %: {number(term.low)} a {number(term.high)}; regresión logística con "
            f"{number(fit.people)} personas)."
        )
    elif crude is not None:
        sentences.append(
            f"Odds ratio simple (tabla 2×2) entre informalidad y pobreza: {number(crude.value)} "
            f"(IC 95 %: {number(crude.low)} a {number(crude.high)}); no hubo datos suficientes "
            "para una regresión logística."
        )
    return sentences


def shift_sentence(shift: Shift) -> str:
    series = shift.series
    product = "todos los productos" if series.product == "*" else series.product
    verb = "subieron" if shift.direction == "up" else "bajaron"
    aspect = ASPECTS.get(series.aspect, series.aspect)
    return (
        f"Desde la semana del {shift.start_week.isoformat()}, las opiniones "
        f"{SENTIMENTS.get(series.sentiment, series.sentiment)} sobre {aspect} de {product} "
        f"{verb} de {pct(shift.split.before)} a {pct(shift.split.after)} de las opiniones "
        f"sobre {'los productos' if series.product == '*' else 'el producto'} "
        f"(p = {shift.split.p_value:.2g})."
    )


def funnel_sentence(rows: Sequence[Row]) -> str | None:
    for row in rows:
        if row.get("kind") == "jobs" and not row.get("suppressed"):
            return (
                f"De {number(row.get('shown'))} personas que vieron ofertas de empleo, "
                f"{number(row.get('details'))} pidieron detalles, {number(row.get('interested'))} "
                f"se interesaron y {number(row.get('applied'))} postularon "
                f"({pct(row.get('shown_to_applied'))} de quienes las vieron)."
            )
    return None


def feasibility_sentence(rows: Sequence[Row]) -> str | None:
    total = next((r for r in rows if r.get("region") == "total" and not r.get("suppressed")), None)
    if total is None:
        return None
    regions = [
        r
        for r in rows
        if r.get("region") not in ("total", UNKNOWN)
        and not r.get("suppressed")
        and isinstance(r.get("share_without_feasible_job"), float)
    ]
    sentence = (
        f"{pct(total.get('share_without_feasible_job'))} de los "
        f"{number(total.get('profiles_checked'))} perfiles revisados no tiene ninguna oferta "
        "de empleo factible según las reglas de emparejamiento."
    )
    if regions:
        worst = max(regions, key=lambda r: float(r["share_without_feasible_job"] or 0))
        sentence += (
            f" La proporción es mayor en {worst['region']} "
            f"({pct(worst['share_without_feasible_job'])})."
        )
    return sentence
