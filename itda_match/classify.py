"""Service-field classification of a Korean post: taxonomy evidence, refined by a word model."""

from __future__ import annotations

import numpy as np

from .taxonomy import FIELD_CODES, FIELD_LABELS, Taxonomy, default_taxonomy

_OTHER = FIELD_CODES.index("1500")


def classify(text: str, *, taxonomy: Taxonomy | None = None) -> tuple[str, float]:
    """(upper service field label, confidence in [0, 1]) of a need's or a post's text."""
    tx = taxonomy or default_taxonomy()
    scores = tx.field_scores(text)
    total = float(scores.sum())
    if total <= 0:
        # Nothing recognisable: the portal files such posts under 기타.
        return FIELD_LABELS[_OTHER], 0.2
    f = int(np.argmax(scores))
    return FIELD_LABELS[f], round(float(scores[f]) / (total + 0.5), 4)
