"""Word lists and rules for food feedback in Peruvian Spanish and Southern Quechua.

Everything here works on :func:`normalise`\\ d text: lower case, no accents (``ñ`` kept),
typographic apostrophes folded to ``'``, letters repeated three or more times squeezed to one
(``riiico`` → ``rico``, ``carooo`` → ``caro``). Emojis stay.

- :func:`find_aspects` — which of the 13 aspects a text talks about, from keyword patterns per
  aspect (Spanish, Quechua roots with any suffix, common typos, a few English words).
- :func:`sentiment_cues` — lexicon evidence for the sentiment head: polarity words and phrases
  (slang included), negation (``no``/``nunca``/``ni``/``sin``/Quechua ``mana``) flipping the
  next three words, intensifiers (``muy``, ``bien``, ``recontra``, ``ancha``…), excess
  (``muy dulce``, ``kachisapa``), contrast (the clause after ``pero``/``sino``/``lo malo es
  que``/``ichaqa`` counts fully, the one before it 30%; an ``aunque`` clause counts 40%),
  emojis, questions and "it's ok" markers (``normal``, ``ahí nomás``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

ASPECTS = (
    "sabor",
    "dulzor",
    "sal",
    "picante",
    "acidez",
    "textura",
    "frescura",
    "precio",
    "tamano",
    "empaque",
    "disponibilidad",
    "salud",
    "aroma",
)
SENTIMENTS = ("neg", "neu", "pos")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'"})
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,/]\d+)*")


def normalise(text: str) -> str:
    """Lower case, accent-free (``ñ`` kept), ``'`` apostrophes, squeezed letter runs."""
    text = text.translate(_APOSTROPHES).casefold().replace("ñ", "\0")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    bare = unicodedata.normalize("NFC", bare).replace("\0", "ñ")
    return _REPEATS.sub(r"\1", " ".join(bare.split()))


def words(normalised: str) -> list[str]:
    """The words (and numbers) of normalised text, apostrophes inside words kept."""
    return _WORD.findall(normalised)


def _union(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# ---------------------------------------------------------------------------------------------
# Aspects

_ASPECT_PATTERNS: dict[str, tuple[str, ...]] = {
    "sabor": (
        r"\bsabo?r\w*",
        r"\bsab(?:e|en|ia|ian|ian|io)\b",
        r"\bsabros\w*",
        r"(?<!huele )(?<!huelen )(?<!olor )(?<!olia )\bric[oa]s?\b",
        r"(?<!huele )(?<!huelen )(?<!olor )\briqu\w*",
        r"\brik(?:o|a|os|as|it\w*|isim\w*)\b",
        r"\bdelicio\w*",
        r"\bdelicia\w*",
        r"\bexquisit\w*",
        r"\binsipid\w*",
        r"\bdesabrid\w*",
        r"\bsos[oa]\b",
        r"\b(?:buen|mal|el|su|un|de|a|sin|con|al|ese|este) gusto\b",
        r"\bgustito\b",
        r"\bfea(?:zo|za|zos|zas)\b",
        r"\bsabe feo\b",
        r"\basc[oa]\b",
        r"\basquer\w*",
        r"\bamarg\w*",
        r"(?<!huele a )(?<!olor a )(?<!olia a )\bquemad\w*",
        r"\bsazon\w*",
        r"\bni los perros\b",
        r"\bsumaq\w*",
        r"\bmillay\w*",
        r"\bmikh?uy\b",
        r"\btast\w*",
        r"\bdelicious\b",
        r"\bgostos\w*",
    ),
    "dulzor": (
        r"\bdulc\w*",
        r"\bdulz\w*",
        r"\bagridulce\b",
        r"\bempalag\w*",
        r"\ba[zs]u(?:c|q)\w*",
        r"\bendulz\w*",
        r"\bedulcor\w*",
        r"\bsucralosa\b",
        r"\bstevia\b",
        r"\b(?:harta|mucha|poca|demasiada|sin|con|mas|menos) miel\b",
        r"\bmisk'?i\w*",
        r"\bsweet\w*",
        r"\bsugar\w*",
    ),
    "sal": (
        r"\bsal\b(?! (?:de mesa|yodada|de cocina)\b)",
        r"\bsalad(?:o|a|os|as|it\w*|az\w*|isim\w*)\b",
        r"\bsalobr\w*",
        r"\bsodio\b",
        r"\bkachi\w*",
        r"\bsalty\b",
        r"\bsalt\b",
    ),
    "picante": (
        r"\bpicant\w*",
        r"\bpicos[oa]s?\b",
        r"\bpic(?:a|an|aba|aban|aria|o)\b(?! (?:de|y|al|pico)\b)",
        r"\bquema(?:n|ba)? rico\b",
        r"\bquema(?:n|ba)?\b(?= (?:la|mi) (?:boca|lengua))",
        r"\bardi(?:a|o)\b",
        r"\bhaya(?:q|m|mi|n|chu|sapa|qmi|s)?\b",
        r"🌶",
        r"🥵",
        r"\bspicy\b",
    ),
    "acidez": (
        r"(?<!me dio )(?<!me da )(?<!le dio )(?<!me daba )\bacid\w*",
        r"\bagri[oa]s?\b",
        r"\bagriad\w*",
        r"\bagridulce\b",
        r"\bavinagrad\w*",
        r"\bp'?uchqu\w*",
        r"\b(?:falta\w*|mucho|demasiado|poco|harto|su|sin|con|mas|menos|puro) limon\w*",
        r"\blimoncit\w*",
        r"\bsour\b",
    ),
    "textura": (
        r"\bcrocant\w*",
        r"\bcrujient\w*",
        r"\bblandit\w*",
        r"\bblandas?\b",
        r"\bblandos?\b",
        r"\bablanda\w*",
        r"(?<!\bme )(?<!\bte )(?<!\ble )(?<!\bnos )(?<!\bles )\bdur[oa]s?\b"
        r"(?! (?:un|una|dos|tres|poco|mucho|hasta|todo|toda|mas|menos|el|la)\b)",
        r"\bdurit\w*",
        r"\bdurisim\w*",
        r"\bendurec\w*",
        r"\bchiclos\w*",
        r"\baguad\w*",
        r"\baguachent\w*",
        r"\bcremos\w*",
        r"\besponjos\w*",
        r"\bhumed[oa]s?\b",
        r"\bhumedit\w*",
        r"\bsuavecit\w*",
        r"\bpegad[oa]s?\b",
        r"\bpegajos\w*",
        r"\bgrumos\w*",
        r"\bharinos\w*",
        r"\bgranead\w*",
        r"\bal dente\b",
        r"\bse pasan\b",
        r"\baceitos\w*",
        r"\bgrasos\w*",
        r"\bpura grasa\b",
        r"\bcristalizad\w*",
        r"\bcrud[oa]s?\b",
        r"\bsec[oa]s?\b(?! de\b)",
        r"\bjugos(?:o|a|os|as|it\w*)\b",
        r"\bmigajas?\b",
        r"\bmazacote\b",
        r"\bfibros\w*",
        r"\btiern[oa]\w*",
        r"\bsuela\b",
        r"\bderrit\w*",
        r"\bse deshace\b",
        r"\bcomo (?:una )?piedra\b",
        r"\blleno de agua\b",
        r"\btextur\w*",
        r"\bconsistenci\w*",
        r"\brumi hina\w*",
        r"\byaku hina\w*",
        r"\bllamp'?u\w*",
        r"\bcrunchy\b",
        r"\bsoggy\b",
    ),
    "frescura": (
        r"(?<!queso )(?<!leche )\bfresc(?:o|a|os|as|ura)\b",
        r"\bfresqu\w*",
        r"\bvencid\w*",
        r"\bcaducad\w*",
        r"\branci\w*",
        r"\bpodrid\w*",
        r"\bmalograd\w*",
        r"\bmoho\w*",
        r"\bhongos?\b",
        r"\b(?:vino|viene|esta|estaba|salio|llego) cortad[ao]\b",
        r"\bse corto\b",
        r"\bde ayer\b",
        r"\bviej[oa]s?\b",
        r"\b(?:ya|medio|estaba|esta|estan|estaban) pasad[oa]s?\b",
        r"\bse (?:habia |ha )?pasado\b",
        r"\brecien\w* (?:hech|salid|horne|llegad|sacad)\w*",
        r"\bcalientit\w*",
        r"\bhumeando\b",
        r"\bgorgoj\w*",
        r"\bbich(?:it)?os\b",
        r"\bgusan\w*",
        r"\bagusanad\w*",
        r"\baplastad\w*",
        r"\bfermentad\w*",
        r"\bismu\w*",
        r"\bmusuq\w*",
        r"\bmawk'?a\w*",
        r"\bruwasqa\b",
        r"\bp'?uchquyapu\w*",
        r"\b(?:lichi\w*|leche)\b(?:\W+\w+){0,3}?\W+p'?uchqu\w*",
        r"\bfresh\w*",
        r"\bexpired\b",
        r"\bspoiled\b",
        r"\bstale\b",
    ),
    "precio": (
        r"\bprecio\w*",
        r"\bcar[oa]s?\b",
        r"\bcarit[oa]s?\b",
        r"\bcarisim\w*",
        r"\bcaraz[oa]s?\b",
        r"\bbarat\w*",
        r"\bsol(?:es)?\b",
        r"\blucas?\b",
        r"\bs/",
        r"\bcuesta\w*",
        r"\bcuestan\b",
        r"\bcost(?:o|aba|ar)\b",
        r"\beconomic\w*",
        r"\boferta\w*",
        r"\b2x1\b",
        r"\bdescuento\w*",
        r"\bsubi(?:o|eron|endo)\b",
        r"\bmisio\b",
        r"\ba cuanto\b",
        r"\bcuanto (?:cuesta|esta|vale|sale|es|cobran)\b",
        r"\bplata\b",
        r"\bchanin\w*",
        r"\bqullqi\w*",
        r"\bhayk'?a(?:taq|tan|m)\b",
        r"\bexpensive\b",
        r"\bcheap\w*",
        r"\bprice\w*",
        r"\bpreco\w*",
    ),
    "tamano": (
        r"\btama[nñ]\w*",
        r"\bporcion\w*",
        r"\bchiquit\w*",
        r"\b(?:mas|muy|bien|super) chic[oa]s?\b",
        r"\bpeque[nñ]\w*",
        r"\bdiminut\w*",
        r"\benorme\w*",
        r"\bgrand(?:az|ot)\w*",
        r"\bgigante\w*",
        r"\bgeneros[oa]s?\b",
        r"\bpoquit\w*",
        r"\bpoquisim\w*",
        r"\brinde\b",
        r"\brendidor\w*",
        r"\balcanza para\b",
        r"\b(?:menos|mas|poco|poca) (?:galletas|cantidad|panes|producto|contenido)\b",
        r"\b(?:pocas?|pocos?|casi|sin) (?:pasas|relleno|frutas?|chispas|trozos|carne|pollo|presas"
        r"|pescado|atun|chocolate|queso)\b",
        r"\bcantidad\b",
        r"\bpuro aire\b",
        r"\b(?:mitad|medio) vaci\w*",
        r"\bpresentacion\w* (?:mas )?(?:grande|chica|peque[nñ]a|familiar|personal)\b",
        r"\bmas grande\b",
        r"\btrae (?:poco|poquito|menos)\b",
        r"\bte llena\b",
        r"\bllenador\w*",
        r"\bde (?:un|medio) kilo\b",
        r"\b\d+ ?(?:gramos|gr|g|kg|ml|litros?)\b",
        r"\bhuch'?uy\w*",
        r"\bhatun\w*",
        r"\bsmall\b",
        r"\btiny\b",
    ),
    "empaque": (
        r"\bempaque\w*",
        r"\bempaquetad\w*",
        r"\benvase\w*",
        r"\bbols(?:a|as|ita|itas|on)\b",
        r"\blatas?\b(?! de\b)(?<!\ben lata)(?<!\ben latas)",
        r"\bcaj(?:a|as|ita|itas)\b",
        r"\bbotella\w*",
        r"\bfrasco\w*",
        r"\btapa(?:s|ita)?\b",
        r"\betiqueta\w*",
        r"\bsobrecit\w*",
        r"\b(?:el|un|del|los) sobres?\b",
        r"(?<!sabe a )(?<!sabia a )(?<!sabor a )\bplastic\w*",
        r"\bsachet\w*",
        r"\bdoypack\w*",
        r"\btetra ?pa[ck]k?\b",
        r"\babollad\w*",
        r"\boxidad\w*",
        r"\b(?:llega|llegan|llego|llegaron|vino|vinieron|viene|vienen)"
        r" (?:todas? |todos? )?rot[oa]s?\b",
        r"\bse romp\w*",
        r"\bno cierra\w*",
        r"\bse derrama\w*",
        r"\bgote\w*",
        r"\bretornable\w*",
        r"\benvolt\w*",
        r"\bpackag\w*",
        r"\bembalag\w*",
    ),
    "disponibilidad": (
        r"\bno hay\b(?! (?:nada )?(?:como|comparacion)\b)",
        r"\bno habia\w*",
        r"\bnunca hay\b",
        r"\bsiempre hay\b",
        r"\bagotad\w*",
        r"\bno (?:lo |la |los |las )?(?:encuentr|consig|ve[oa])\w*",
        r"\bencuentr\w*(?: \w+)? en\b",
        r"\bdesabastec\w*",
        r"\bescase\w*",
        r"\bnunca falta\w*",
        r"\bya no (?:venden|fabrican|traen|sacan|hay|llega)\w*",
        r"\bdonde (?:venden|compro|consigo|encuentro|puedo comprar|lo venden|la venden|hay)\b",
        r"\bpor fin lleg\w*",
        r"\bse acab(?:o|aron)\b",
        r"\b(?:solo|ya no|ahora|todavia|donde|recien) (?:\w+ )?vend\w*",
        r"\b(?:que|ahora|ojala) (?:ahora |ya )?haya\b",
        r"\b(?:los|solo los|cada|todos los)"
        r" (?:lunes|martes|miercoles|jueves|viernes|sabados|domingos)\b",
        r"\bfines de semana\b",
        r"^¿?hay\b",
        r"\b(?:lo|la|los|las) encuentras\b",
        r"\b(?:le|les|no) queda\w*",
        r"\bsali[oa] (?:para|al|a la venta)\b",
        r"\bsacaron\b",
        r"\bdescontinuad\w*",
        r"\bstock\w*",
        r"\ben cualquier (?:bodega|tienda|lado|sitio|mercado)\b",
        r"\b(?:en|por) ningun(?:a)? (?:lado|sitio|lugar|bodega|tienda|parte)\b",
        r"\bmana\b(?:\W+\w+){0,3}?\W+kanchu\b",
        r"\bkanchu\b",
        r"\btukukapu\w*",
        r"\bmaypi\w*",
        r"\bsold out\b",
        r"\bout of stock\b",
    ),
    "salud": (
        r"\bsaludabl\w*",
        r"\bsan[oa]s?\b",
        r"\bnutri\w*",
        r"\bprotein\w*",
        r"\bvitamin\w*",
        r"\bengord\w*",
        r"\bdiabet\w*",
        r"\bcolesterol\w*",
        r"\bhipertens\w*",
        r"(?<!yogurt )(?<!yogur )\bnatural(?:es)?\b",
        r"\bquimic[oa]s\b",
        r"\bpur[oa] quimic[oa]\b",
        r"\bpreservant\w*",
        r"\bconservant\w*",
        r"\bcolorant\w*",
        r"\baditiv\w*",
        r"\boctogono\w*",
        r"\bgluten\b",
        r"\balergi\w*",
        r"\balergic\w*",
        r"\bcalorias?\b",
        r"\bme ca(?:yo|yeron|e|en) (?:mal|pesad)\w*",
        r"\bcae pesado\b",
        r"\bme hizo da[nñ]o\b",
        r"\bhace da[nñ]o\b",
        r"\bme enferm\w*",
        r"\bdiarrea\w*",
        r"\bdolor de (?:barriga|estomago|panza)\b",
        r"\bestomag\w*",
        r"\b(?:me|le|te|nos|les) (?:dio|da|daba|dieron) acidez\b",
        r"\bbuen[oa]s? para (?:el|la|los|las) (?:huesos|estomago|salud|corazon|digestion|anemia"
        r"|memoria|defensas|gripe|tos|resfrio|cerebro|piel)\b",
        r"\b(?:anemia|digestion|defensas|hierro|calcio|fibra)\b",
        r"\benergia\b",
        r"\bsoroche\b",
        r"\bpara la altura\b",
        r"\bqhali\w*",
        r"\bunqu\w*",
        r"\bnana(?:n|chi|wan|y)\w*",
        r"\bhampi\w*",
        r"\bwiksa\w*",
        r"\bch'?uya\w*",
        r"\bhealth\w*",
        r"\bsaudave\w*",
    ),
    "aroma": (
        r"\bolor\w*(?<!clavo de olor)",
        r"\bhuel(?:e|en)\b",
        r"\boli(?:a|an)\b",
        r"\barom\w*",
        r"\bapest\w*",
        r"\bfragan\w*",
        r"\bhedi\w*",
        r"\btufo\b",
        r"\bpestilen\w*",
        r"\bperfum\w*",
        r"\basna\w*",
        r"\bq'apa\w*",
        r"\bsmell\w*",
        r"\bcheir\w*",
    ),
}
_ASPECT_REGEX = {aspect: _union(_ASPECT_PATTERNS[aspect]) for aspect in ASPECTS}

# "haya" is also Spanish ("que haya más"): it means picante only next to other Quechua.
_SPANISH_HAYA = re.compile(r"\bhaya[ns]?\b")


def find_aspects(normalised: str, *, quechua: bool = False) -> tuple[str, ...]:
    """The aspects the text mentions, in :data:`ASPECTS` order."""
    found = []
    for aspect, regex in _ASPECT_REGEX.items():
        matches = [m.group(0) for m in regex.finditer(normalised)]
        if aspect == "picante" and not quechua:
            matches = [m for m in matches if not _SPANISH_HAYA.fullmatch(m)]
        if matches:
            found.append(aspect)
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Sentiment

# Phrases are matched first (their words then count no more); weights are polarities.
_PHRASES: tuple[tuple[str, float], ...] = (
    (r"\b(?:no|nada) (?:esta|estuvo|estaba|es|era|ta|sale|salio) (?:nada )?mal[oa]?\b", 1.0),
    (r"\bnada mal\b", 1.0),
    (r"\bno (?:me|le|les|nos|te) (?:gust|encant|convenc|agrad)\w*", -2.0),
    (r"\bno (?:lo |la |los |las )?(?:vuelvo|volveria|volvere|vuelva) a comprar\w*", -2.0),
    (
        r"\bno (?:se |te |le |les )?(?:lo |la |los |las )?(?:compren|recomiendo|recomendaria)\b",
        -2.0,
    ),
    (r"\b(?:lo |la |los |las )?recomiendo\b", 1.5),
    (r"\bnunca mas\b", -2.0),
    (r"\bno (?:hay|existe) (?:nada )?(?:como|comparacion)\b", 2.0),
    (r"\bno tiene comparacion\b", 2.0),
    (r"\bno (?:sirve|vale)\w*", -1.5),
    (r"\bno (?:sabe|tiene|tenia) (?:gusto |sabor )?a nada\b", -1.5),
    (r"\bno (?:le|les) encuentro (?:el )?(?:gusto|sabor)\b", -1.5),
    (r"\bsin sabor\b", -1.5),
    (r"\bsabe a nada\b", -1.5),
    (r"\bvale la pena\b", 1.5),
    (r"\bno vale la pena\b", -1.5),
    (r"\b(?:lo|la) vale\b", 1.0),
    (r"\bvale cada sol\w*", 1.5),
    (r"\bno (?:es|esta|son|estan) tan (?:car|mal|fe)\w*", 0.8),
    (r"\b(?:le|les) falt\w*", -1.0),
    (r"\bfalt(?:o|aba|a) (?:sal|azucar|dulce|limon|picante|sabor|sazon|algo)\b", -1.0),
    (
        r"\b(?:demasiad[oa]s?|muy|tan|super|recontra|re|harto|harta|bien) "
        r"(?:dulce|dulces|azucarad\w*|salad\w*|acid[oa]s?|agri[oa]s?|dur[oa]s?|grasos\w*|"
        r"aceitos\w*|aguad\w*|empalag\w*|seco|seca|secos|secas)\b",
        -1.3,
    ),
    (r"\bdemasiad[oa]s? (?:picante|picosa?|azucar|sal|limon|aceite|grasa|mayonesa|dulce)\b", -1.3),
    (r"\bpica(?:n)? (?:demasiado|un monton|horrible|feo|mucho)\b", -1.3),
    (r"\bmuch[oa] (?:azucar|sal|grasa|aceite|limon)\b", -1.0),
    (r"\bpura (?:azucar|sal|grasa|quimica|masa)\b", -1.3),
    (r"\bpuro (?:aceite|aire|floro|quimico|agua)\b", -1.3),
    (r"\blo maximo\b", 2.0),
    (r"\b(?:leche fresca|queso fresco|yogurt natural|chicha morada)\b", 0.0),
    (r"\bno sab(?:e|ia|en|ian) a\b", -1.2),
    (
        r"\bsab(?:e|ia|en|ian|or) a (?:carton|quimico|plastico|jarabe|remedio|jabon|tierra|humedad|"
        r"viejo|rancio|medicina|fierro|metal|lata|quemado|podrido|nada)\b",
        -1.5,
    ),
    (r"\bsab(?:e|ia|en|ian|or) a (?:gloria|casero|hogar|fruta natural)\b", 1.5),
    (r"\bes un manjar\b", 2.0),
    (r"\bse me hace agua la boca\b", 2.0),
    (r"\bque tal (?:sabor|rico|rica|delicia|cosa)\b", 1.5),
    (r"\bbien de precio\b", 1.5),
    (r"\bno tiene (?:aroma|sabor|gusto|olor)\b", -1.2),
    (r"\bparece agua\b", -1.0),
    (r"\b(?:en su punto|como debe ser|justo lo que|ni mucho ni poco|de calidad)\b", 1.5),
    (r"\b(?:me|te|le|nos|les) dura\w*", 0.5),
    (r"\b(?:medio|ya|esta|estaba|estan|estaban) pasad[oa]s?\b", -1.5),
    (r"\b(?:precio de oro|el doble|el triple|bomba de sal)\b", -1.5),
    (r"\balcanza para\b", 1.0),
    (r"\bno (?:cierra|abre|sella)\w*", -1.0),
    (r"\bse (?:romp|derram|chorre|salio)\w*", -1.0),
    (r"\bno (?:lo |la |los |las )?(?:encuentr|consig|ve[oa])\w*", -1.0),
    (r"\b(?:ya no|nunca) (?:hay|venden|fabrican|traen|sacan|llega)\w*", -1.5),
    (r"\bsiempre hay\b|\bnunca falta\w*|\b(?:lo|la|los|las) encuentras\b", 1.0),
    (r"\ben cualquier (?:bodega|tienda|lado|sitio|mercado)\b", 1.0),
    (r"\b(?:por|en) ningun(?:a)? (?:lado|sitio|lugar|bodega|tienda|parte)\b", -1.0),
    (r"\bnunca (?:me )?(?:ha )?fall\w*", 1.5),
    (r"\bme devolvio la vida\b", 2.0),
    (r"\b(?:que|esta|estuvo|ta|bien|recontra|muy) piña\b|\bpiña (?:pues|total)\b", -1.5),
    (r"\bno (?:pica|tiene (?:nada de )?picante)\b", -0.8),
    (r"\btoo (?:sweet|salty|expensive|sour|spicy|dry|hard|small)\b", -1.3),
    (r"\bpisi misk'?i\w*", -1.0),
    (r"\bmana\b(?:\W+\w+){0,2}?\W+atini\w*", -1.5),
    (r"\b10 ?/ ?10\b", 2.0),
    (r"\bde (?:otro nivel|lujo)\b", 2.0),
    (r"\bque (?:roche|asco|pena|feo|horror)\b", -2.0),
    (r"\bqu?e (?:ric[oa]s?|rik[oa]s?|buen[oa]s?|bacan|chevere|paja)\b", 2.0),
    (r"\bya no es (?:lo mismo|como antes|igual)\b", -1.5),
    (r"\bnada que ver\b", -1.0),
    (r"\bni los perros\b", -2.0),
    (r"\bni loc[oa]\b", -1.5),
    (r"\bhe probado mejores\b", -1.0),
    (r"\b(?:me|le|nos|les) ca(?:yo|yeron|e|en) (?:mal|pesad[oa])\b", -2.0),
    (r"\bme hizo da[nñ]o\b", -2.0),
    (r"\bno alcanza\b", -1.0),
    (r"\b(?:esta|estuvo|todo|muy|salio|ta) bien\b(?! nomas)", 1.0),
    (r"\bbien nomas\b", 0.0),
    (r"\bbuen(?:as|os)? (?:tardes|noches|dias)\b", 0.0),
    (r"\bpuro floro\b", -1.5),
    (r"\bmana allin\w*", -2.0),
    (r"\bmana munani\w*", -2.0),
    (r"\bmanañam rantisaqchu\b", -2.0),
    (r"\bmana\b(?:\W+\w+){0,3}?\W+kanchu\b", -1.0),
    (r"\bmana misk'?ichu\b", -1.2),
    (r"\bmana haya\w*", -1.0),
    (r"\bmana kachiyuq\w*", -1.2),
    (r"\brumi hina\w*", -1.5),
    (r"\byaku hina\w*", -1.2),
    (r"\bqullqiy mana aypanchu\b", -1.5),
    (r"\b(?:ancha|sinchi) chanin\w*", -1.3),
    (r"\bpisi chanin\w*", 1.0),
    (r"\ballin chanin\w*", 1.0),
    (r"\byapamanta rantisaq\b", 1.5),
)

# Single words, as full-word regexes.
_WORDS: tuple[tuple[str, float], ...] = (
    # strong positive
    (r"ric[oa]s?|riquisim\w*|riquit\w*|rik[oa]s?|rikit\w*|rikisim\w*", 2.0),
    (r"delicio\w*|delicia\w*|exquisit\w*|buenaz\w*|buenisim\w*|bravaz\w*|bravas[oa]s?", 2.0),
    (r"bacan\w*|excelente\w*|espectacular\w*|maravill\w*|geniales|genial|perfect\w*", 2.0),
    (r"encant\w*|fascin\w*|increible\w*|mostr(?:o|azo)|top|joya|favorit\w*|adict\w*", 1.8),
    (r"sumaq\w*", 2.0),
    (
        r"sazonad\w*|recien|relajante|sorprendi\w*|hatun\w*|enorme\w*|grandaz\w*|picantit\w*|heladit\w*",
        0.8,
    ),
    # positive
    (r"chever\w*|chevre|paja|sabros\w*|recomendad\w*|gust(?:a|an|o|aron|aba|ara)", 1.5),
    (r"buen[oa]s?|buen|mejor|rendidor\w*|rinde|bonit[oa]s?|lind[oa]s?|practic[oa]s?", 1.0),
    (r"fresc[oa]s?|fresquit\w*|crocant\w*|crocantit\w*|crujient\w*|esponjos\w*|jugos[oa]s?", 1.0),
    (r"jugosit\w*|cremos\w*|cremosit\w*|suavecit\w*|calientit\w*|dulcecit\w*|acidit\w*", 0.6),
    (r"barat\w*|economic\w*|oferta|saludabl\w*|nutritiv\w*|sano|sana|sanos|generos[oa]s?", 1.0),
    (r"natural|justo|justa|gracias|felicit\w*|refrescante|rendid\w*|llenador\w*", 0.6),
    (r"allin\w*|munani|munanku|munan|kusi\w*|qhali\w*|q'apaq\w*|misk'?i\w*|anay\w*|añay\w*", 1.2),
    (r"musuq\w*|ch'?uya\w*", 0.8),
    (r"loved?|love|good|great|delicious|tasty|fresh|bom|boa|gostei|otimo", 1.5),
    # negative
    (r"asc[oa]|asquer\w*|guacala|wacala|horribl\w*|horrend\w*|pesim\w*|malisim\w*", -2.0),
    (r"feisim\w*|fatal|porqueri\w*|basura|cochinad\w*|estafa\w*|podrid\w*|vencid\w*", -2.0),
    (r"ranci\w*|malograd\w*|moho\w*|gorgoj\w*|bichit\w*|bichos|gusan\w*|apest\w*|diarrea", -2.0),
    (r"millay\w*|ismu\w*|asna\w*|peor|peores", -2.0),
    (
        r"abuso|sucia|sucio|decepci\w*|insipid\w*|desabrid\w*|empalag\w*|feaz\w*|carisim\w*|caraz[oa]s?|roche",
        -1.5,
    ),
    (r"mal[oa]s?|fe[oa]s?|hongos|rob(?:o|ando|aron|an)|engord\w*|cortad[ao]|quemad\w*", -1.5),
    (r"saladaz\w*|saladisim\w*|kachisapa\w*|unqu\w*|nana(?:n|chin|chiwan|wan)\w*|floro", -1.5),
    (r"mal|car[oa]s?|sos[oa]|aguad\w*|aguachent\w*|chiclos\w*|crud[oa]s?|agri[oa]s?", -1.0),
    (r"grasos\w*|aceitos\w*|pucha|rot[oa]s?|abollad\w*|oxidad\w*|agotad\w*", -1.0),
    (r"quimic[oa]s|colorant\w*|triste|molest\w*|reclam\w*|queja\w*|desabastec\w*|bamba", -1.0),
    (r"lastima|pena|llakisqa|horrible|bad|awful|disgusting|expensive|stale|lento|suela", -1.0),
    (r"subi(?:o|eron|endo)|cristalizad\w*|ablanda\w*|contamina\w*|rompe\w*|p'?uchquyapu\w*", -1.0),
    (r"dur[oa]s?|poquit\w*|chiquit\w*|viej[oa]s?|manchas|dulzon\w*|huch'?uy\w*|p'?uchqu\w*", -0.8),
    (r"salad[oa]s?|secos|secas|misio|yara|huachaf\w*", -0.6),
    (r"acid[oa]s?|preservant\w*|diabet\w*|peque[nñ]\w*|raro|rara|raros|raras", -0.5),
    (r"alergi\w*|alergic\w*", -0.5),
)

_NEUTRAL = re.compile(
    r"\bnormal\w*|\bregular\b|\bmas o menos\b|\bni fu ni fa\b|\bahi nomas\b|\bpasable\b"
    r"|\bnada (?:del otro mundo|especial)\b|\bse deja comer\b|\bigualit\w*|\bigual que\b"
    r"|\bbien nomas\b|\btampoco es para tanto\b|\bni bueno ni malo\b|\bdepende\b|\bmismo\b"
)
_COMPLAINT = re.compile(
    r"\bdeberian\b|\bpodrian\b|\bojala\b|\bque mejoren\b|\bmejoren\b|\breclam\w*|\bdevoluci\w*"
    r"|\bfijense\b|\bcuidado\b|\bojo\b|\byara\b|\bno (?:lo |la |los |las )?compren\b"
    r"|\bya no (?:es|viene|trae)\b|\bcada vez\b|\botra vez\b|\b(?:que|como) antes\b"
    r"|\bal mismo precio\b|\bkanman\b|\bñawpaq\w*|\bshould\b"
)
_QUESTION_START = re.compile(
    r"^(?:¿|alguien|donde|cuanto|cuando|que tal|hay|todavia|como|cual|por que|sera|es verdad"
    r"|imaynataq|hayk'?ataq|maypi\w*|pitaq|imataq)\b"
)
_NEGATOR = re.compile(r"no|nunca|jamas|tampoco|ni|sin|nada|mana(?:n|m|ña|ñam|ñan)?")
_INTENSIFIER = re.compile(
    r"muy|bien|super|re|recontra|requete|demasiad[oa]s?|bastante|tan|hart[oa]s?|much[oa]s?"
    r"|full|mega|ancha|sinchi|tremend[oa]|bien|asu|asuu|total"
)
_DIMINISHER = re.compile(r"poco|algo|medio|ligeramente|pelin|toque|nomas")
_CONTRAST = re.compile(
    r"\b(pero|sino|sin embargo|lo malo(?: es que)?|lastima que|el problema(?: es que)?"
    r"|lo unico malo(?: es que)?|solo que|eso si|ichaqa|but)\b"
)
_COMPLAINING_CONTRAST = re.compile(r"lo malo|lastima|el problema|lo unico malo")
"""Contrast words that are a complaint themselves: what follows is bad news."""
_CONCESSIVE = re.compile(r"\b(?:aunque|aun que|si bien)\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?¡¿\n,]+|\s-\s")

_PHRASE_REGEX = [(re.compile(p), w) for p, w in _PHRASES]
_WORD_REGEX = [(re.compile(f"(?:{p})"), w) for p, w in _WORDS]

POSITIVE_EMOJI = frozenset("😋😍🤤👍👌❤♥💯🔥😊🙂😀😃😄😁🥰😘👏🙌⭐✨💪🤩😎✅🥳💚💛🧡💙💜😻🤗☺")
NEGATIVE_EMOJI = frozenset("🤢🤮👎😡😠😤😒🙄😞😔😢😭💩😖😣😩😫❌🤬😕😑😬😓😟☹🙁")

FEATURES = (
    "score",
    "positive",
    "negative",
    "last_clause",
    "emoji_positive",
    "emoji_negative",
    "question",
    "neutral",
    "complaint",
    "no_cue",
    "negated",
)
"""Names of :meth:`SentimentCues.vector`'s columns (stored with the trained head)."""


@dataclass(frozen=True)
class SentimentCues:
    """Lexicon evidence about a text's sentiment (weights are summed polarities)."""

    score: float
    positive: float
    negative: float
    last_clause: float
    emoji_positive: int
    emoji_negative: int
    question: bool
    neutral: bool
    complaint: bool
    negated: int

    @property
    def has_cue(self) -> bool:
        return bool(self.positive or self.negative or self.emoji_positive or self.emoji_negative)

    def vector(self) -> list[float]:
        """Features in :data:`FEATURES` order, squashed to about [-1, 1]."""
        return [
            _squash(self.score),
            _squash(self.positive),
            _squash(self.negative),
            _squash(self.last_clause),
            min(self.emoji_positive, 3) / 3,
            min(self.emoji_negative, 3) / 3,
            float(self.question),
            float(self.neutral),
            float(self.complaint),
            float(not self.has_cue),
            min(self.negated, 2) / 2,
        ]

    def rule_sentiment(self) -> str:
        """The lexicon's own verdict (the keyword-only baseline)."""
        total = self.score + 0.8 * (self.emoji_positive - self.emoji_negative)
        if self.neutral and abs(total) < 1.5:
            return "neu"
        if self.complaint and self.last_clause <= 0 and total < 1.5:
            return "neg"
        if self.question and abs(total) < 1.5:
            return "neu"
        if total >= 0.5:
            return "pos"
        if total <= -0.5:
            return "neg"
        return "neu"


def _squash(value: float) -> float:
    return value / (1.0 + abs(value))


@dataclass
class _Clause:
    text: str
    weight: float
    bias: float = 0.0


def _clauses(normalised: str) -> list[_Clause]:
    """Clauses with their weight: before a contrast 0.3, a concessive clause 0.4."""
    clauses: list[_Clause] = []
    for sentence in _CLAUSE_BREAK.split(normalised):
        pieces = _CONTRAST.split(sentence)  # text, connector, text, connector, ...
        for index in range(0, len(pieces), 2):
            bias = 0.0
            if index > 0:  # after a contrast word everything said so far counts less
                for clause in clauses:
                    clause.weight = min(clause.weight, 0.3)
                bias = -1.0 if _COMPLAINING_CONTRAST.match(pieces[index - 1]) else 0.0
            concessive = _CONCESSIVE.split(pieces[index])
            clauses.append(_Clause(concessive[0], 1.0, bias))
            clauses.extend(_Clause(rest, 0.4) for rest in concessive[1:])
    return [c for c in clauses if c.text.strip() or c.bias]


def _word_weight(word: str) -> float:
    for regex, weight in _WORD_REGEX:
        if regex.fullmatch(word):
            return weight
    return 0.0


def _clause_score(text: str) -> tuple[float, float, float, int]:
    """(sum, positive mass, negative mass, negations applied) for one clause."""
    total = positive = negative = 0.0
    negations = 0
    masked = text
    for regex, weight in _PHRASE_REGEX:
        for match in regex.finditer(masked):
            value = weight
            before = words(masked[: match.start()])[-2:]
            first = words(match.group(0))[:1]
            if any(map(_NEGATOR.fullmatch, before)) and not any(map(_NEGATOR.fullmatch, first)):
                value = -0.8 * weight if weight > 0 else -0.5 * weight
                negations += 1
            total += value
            positive += max(value, 0.0)
            negative += max(-value, 0.0)
        masked = regex.sub(" # ", masked)
    negate_left = 0
    boost = 1.0
    for word in words(masked):
        if _NEGATOR.fullmatch(word):
            negate_left = 3
            continue
        if _INTENSIFIER.fullmatch(word):
            boost = 1.5
            continue
        if _DIMINISHER.fullmatch(word):
            boost = 0.6
            continue
        weight = _word_weight(word) * boost
        if weight:
            boost = 1.0
            if negate_left:
                weight = -0.8 * weight if weight > 0 else -0.5 * weight
                negations += 1
                negate_left = 0
            total += weight
            positive += max(weight, 0.0)
            negative += max(-weight, 0.0)
        negate_left = max(0, negate_left - 1)
    return total, positive, negative, negations


def sentiment_cues(text: str, normalised: str | None = None) -> SentimentCues:
    """Lexicon evidence for ``text`` (pass ``normalised`` if already computed)."""
    norm = normalise(text) if normalised is None else normalised
    total = positive = negative = 0.0
    last = 0.0
    negations = 0
    for clause in _clauses(norm):
        score, pos, neg, negs = _clause_score(clause.text)
        score += clause.bias
        neg -= clause.bias
        total += clause.weight * score
        positive += clause.weight * pos
        negative += clause.weight * neg
        negations += negs
        if score:
            last = score
    emoji_positive = sum(ch in POSITIVE_EMOJI for ch in text)
    emoji_negative = sum(ch in NEGATIVE_EMOJI for ch in text)
    stripped = norm.strip()
    question = "?" in norm or bool(_QUESTION_START.match(stripped))
    return SentimentCues(
        score=total,
        positive=positive,
        negative=negative,
        last_clause=last,
        emoji_positive=emoji_positive,
        emoji_negative=emoji_negative,
        question=question,
        neutral=bool(_NEUTRAL.search(norm)),
        complaint=bool(_COMPLAINT.search(norm)),
        negated=negations,
    )


# ---------------------------------------------------------------------------------------------
# Language evidence

SPANISH_WORDS = frozenset(
    """el la los las lo le les de del al que y en un una unos unas es son esta estan estaba
    estuvo era muy pero con para por no ni se su sus mi mis me te nos ya mas menos sin hay
    como cuando donde porque tiene tienen viene vienen trae compre compré compro sabe bien mal
    rico rica caro cara barato dulce salado este esta ese esa otro otra todo toda nada algo
    ahora antes siempre nunca tambien pues nomas asi aqui alla sí si también qué que pe
    bravazo bravaza bravazos bravazas bacan bacanazo chevere causa pata recontra mostro paja
    asu mare roche piña yara misio caleta huachafo bamba jama chela chelas rikito rikita
    riquisimo riquisima sabroso sabrosa delicioso deliciosa feo fea bueno buena buenazo malo
    mala salada picante acido agrio duro dura blando fresco fresca vencido precio soles lucas
    galleta galletas leche queso pollo arroz gracias ta toy""".split()
)
"""Frequent Spanish words and Peruvian slang (normalised) that tell Spanish feedback from
Quechua and from other languages langid might see in slang ("bravazo causa" looks Italian)."""

QUECHUA_ROOTS = (
    "kay",
    "chay",
    "ancha",
    "sumaq",
    "misk'i",
    "miski",
    "kachi",
    "p'uchqu",
    "puchqu",
    "mana",
    "allin",
    "millay",
    "chanin",
    "qullqi",
    "mikhu",
    "miku",
    "t'anta",
    "lichi",
    "kisu",
    "aycha",
    "runtu",
    "hank'a",
    "aqha",
    "chupi",
    "uchu",
    "rukutu",
    "kinwa",
    "chuñu",
    "humint'a",
    "mut'i",
    "qhatu",
    "ranti",
    "muna",
    "kachkan",
    "kashan",
    "kanchu",
    "huch'uy",
    "hatun",
    "qhali",
    "unqu",
    "ismu",
    "asna",
    "wawa",
    "ñuqa",
    "p'unchaw",
    "qayna",
    "sapa",
    "kunan",
    "ichaqa",
    "hina",
    "rumi",
    "yaku",
    "unu",
    "haya",
    "wiksa",
    "añay",
    "aswan",
    "pisi",
    "musuq",
    "hayk'a",
    "maypi",
    "imayna",
    "yapamanta",
)
_QUECHUA_ROOT_REGEX = re.compile(
    r"(?:" + "|".join(re.escape(r) for r in sorted(QUECHUA_ROOTS, key=len, reverse=True)) + r")"
    r"[a-zñ']*"
)
_SPANISH_LOOKALIKES = frozenset({"haya", "hayas", "hayan", "sapa", "hina", "unu", "muna"})


def quechua_hits(tokens: Iterable[str], glossary_words: frozenset[str] = frozenset()) -> int:
    """How many words look Quechua: a known root with any suffixes, or a glossary word."""
    count = 0
    for word in tokens:
        if word in _SPANISH_LOOKALIKES or word in SPANISH_WORDS:
            continue
        if word in glossary_words or _QUECHUA_ROOT_REGEX.fullmatch(word):
            count += 1
    return count


def spanish_hits(tokens: Iterable[str]) -> int:
    return sum(word in SPANISH_WORDS for word in tokens)
