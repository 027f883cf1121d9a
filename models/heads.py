"""Small linear classifiers on top of the shared sentence embeddings.

Trained with scikit-learn's logistic regression, stored as plain numpy arrays (``.npz``,
no pickle) together with the encoder that made the embeddings: a head trained on one
encoder's vectors is refused for another's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


class HeadMismatchError(RuntimeError):
    """The stored head was trained on another encoder's embeddings."""


@dataclass(frozen=True)
class LinearHead:
    """Multinomial logistic regression: ``softmax(x @ coef.T + intercept)``."""

    labels: tuple[str, ...]
    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    encoder: str
    dim: int

    @classmethod
    def fit(
        cls,
        vectors: FloatArray,
        labels: Sequence[str],
        *,
        encoder: str,
        regularisation: float = 4.0,
    ) -> LinearHead:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - only to train

        model = LogisticRegression(C=regularisation, max_iter=2000)
        model.fit(vectors, list(labels))
        classes = tuple(str(c) for c in model.classes_)
        coef = np.asarray(model.coef_, dtype=np.float64)
        intercept = np.asarray(model.intercept_, dtype=np.float64)
        if len(classes) == 2:  # sklearn keeps one row for two classes: make it two
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
        return cls(classes, coef, intercept, encoder, int(vectors.shape[1]))

    def probabilities(self, vectors: FloatArray) -> npt.NDArray[np.float64]:
        logits = vectors.astype(np.float64) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez(
                handle,
                labels=np.asarray(self.labels),
                coef=self.coef,
                intercept=self.intercept,
                encoder=np.asarray(self.encoder),
                dim=np.asarray(self.dim),
            )

    @classmethod
    def load(cls, path: Path, *, encoder: str, dim: int) -> LinearHead | None:
        """The stored head, None when missing; :class:`HeadMismatchError` for another encoder."""
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as data:
            stored_encoder, stored_dim = str(data["encoder"]), int(data["dim"])
            if stored_encoder != encoder or stored_dim != dim:
                raise HeadMismatchError(
                    f"{path.name} was trained on {stored_encoder} ({stored_dim}-d), "
                    f"not {encoder} ({dim}-d)"
                )
            return cls(
                tuple(str(label) for label in data["labels"]),
                np.asarray(data["coef"], dtype=np.float64),
                np.asarray(data["intercept"], dtype=np.float64),
                stored_encoder,
                stored_dim,
            )
