"""Intent routing accuracy on the held-out examples (``split == "dev"``), Spanish and
Quechua, against a keyword baseline measured in the same run.

    .venv/bin/python -m bench.intent_eval
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.settings import REPO_ROOT
from models.embeddings import build_encoder
from models.intent import IntentClassifier, read_examples
from retrieval.expansion import Glossary

EXAMPLES = REPO_ROOT / "data" / "intents" / "examples.jsonl"


def keyword_baseline(train: list[tuple[str, str, str]]) -> dict[str, str]:
    """Each word of the training texts votes for the intent it appears with most."""
    votes: dict[str, Counter[str]] = {}
    for text, intent, _ in train:
        for word in text.lower().split():
            votes.setdefault(word, Counter())[intent] += 1
    return {word: counter.most_common(1)[0][0] for word, counter in votes.items()}


def keyword_guess(words: dict[str, str], text: str) -> str:
    counts = Counter(words[w] for w in text.lower().split() if w in words)
    return counts.most_common(1)[0][0] if counts else "help"


def main() -> None:
    glossary = Glossary.from_tsv(REPO_ROOT / "locales" / "glossary.tsv")
    encoder = build_encoder(None)
    train, dev = read_examples(EXAMPLES, "train"), read_examples(EXAMPLES, "dev")
    with tempfile.TemporaryDirectory() as scratch:
        systems = {
            "chaski (embeddings + glosses)": IntentClassifier.load_or_train(
                encoder,
                examples=EXAMPLES,
                head_path=Path(scratch) / "a.npz",
                expand=glossary.expand,
            ),
            "embeddings, no glosses": IntentClassifier.load_or_train(
                encoder, examples=EXAMPLES, head_path=Path(scratch) / "b.npz"
            ),
        }
        words = keyword_baseline(train)
        print(f"{'system':32} {'all':>6} {'es':>6} {'qu':>6}   ms/query")
        for name, classifier in systems.items():
            started = time.perf_counter()
            guesses = classifier.classify([text for text, _, _ in dev])
            elapsed = (time.perf_counter() - started) * 1000 / len(dev)
            _print(name, [g.intent for g in guesses], dev, elapsed)
        _print("keyword baseline", [keyword_guess(words, t) for t, _, _ in dev], dev, 0.0)
    print(f"dev examples: {len(dev)} ({sum(lang == 'qu' for *_, lang in dev)} Quechua)")


def _print(name: str, guesses: list[str], dev: list[tuple[str, str, str]], ms: float) -> None:
    def accuracy(lang: str | None) -> float:
        pairs = [(g, i) for g, (_, i, lg) in zip(guesses, dev, strict=True) if lang in (None, lg)]
        return sum(g == i for g, i in pairs) / max(len(pairs), 1)

    print(f"{name:32} {accuracy(None):6.3f} {accuracy('es'):6.3f} {accuracy('qu'):6.3f}   {ms:.1f}")


if __name__ == "__main__":
    main()
