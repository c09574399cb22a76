"""Service-field classification of a Korean post: taxonomy evidence plus a word model fitted on real 1365 posts."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .taxonomy import FIELD_CODES, FIELD_LABELS, Taxonomy, default_taxonomy, field_code
from .text import analyze

FloatArray = npt.NDArray[np.float64]

_OTHER = FIELD_CODES.index("1500")
MODEL_PATH = Path(__file__).with_name("data") / "field_model.json"


def _char_grams(text: str, n_max: int) -> Counter[str]:
    """Character 1-to-n_max-grams inside words, with the word edges marked (`char_wb` style)."""
    words = "".join(ch.lower() if ch.isalnum() and ch != "\u318d" else " " for ch in text).split()
    grams: Counter[str] = Counter()
    for w in words:
        padded = f" {w} "
        for n in range(1, n_max + 1):
            for i in range(len(padded) - n + 1):
                g = padded[i : i + n]
                if g.strip():
                    grams["c:" + g] += 1
    return grams


def _tokens(text: str, n_max: int) -> Counter[str]:
    """Sparse features of a text with their counts: character n-grams and content morphemes."""
    out = _char_grams(text, n_max)
    out.update(f"m:{f}" for f in sorted(analyze(text).forms))
    return out


class FieldClassifier:
    """Multinomial logistic regression on TF-IDF character n-grams and morphemes plus the taxonomy's evidence.

    The taxonomy features (concepts of help and their fields) carry what generalises
    across organisations and years; the word features carry how the portal's
    organisations phrase and file their posts. A complement naive Bayes on the same
    words re-ranks the fitted fields, and the training posts themselves vote on a text
    much like one of them (a program posted again). scikit-learn conventions: the
    constructor stores configuration, `fit` learns `vocabulary_`, `idf_`, `coef_`,
    `memory_`, `fitted_` and `complement_`; deterministic (L-BFGS from zeros).
    """

    # Defaults measured with bench/engine_bench.py (5 folds by record / by organisation):
    # words seen once are kept (min_count 1) and grams run to 4 characters, since the same
    # program is often posted again with another date or time (0.705 -> 0.737 by record,
    # 0.534 -> 0.532 by organisation); the firmer prior (3) keeps farm, disaster and
    # overseas wordings with the taxonomy now that the fitted words are less regularised.
    def __init__(
        self,
        *,
        l2: float = 0.1,
        min_count: int = 1,
        taxonomy_weight: float = 0.5,
        prior_weight: float = 3.0,
        balance: float = 0.5,
        max_iter: int = 500,
        ngram_max: int = 4,
        min_field_records: int = 10,
        neighbours: int = 10,
        neighbour_power: float = 4.0,
        neighbour_weight: float = 1.0,
        complement_alpha: float = 0.3,
        complement_weight: float = 1.0,
    ) -> None:
        self.complement_alpha = complement_alpha
        self.complement_weight = complement_weight
        self.ngram_max = ngram_max
        self.neighbours = neighbours
        self.neighbour_power = neighbour_power
        self.neighbour_weight = neighbour_weight
        self.min_field_records = min_field_records
        self.l2 = l2
        self.min_count = min_count
        self.taxonomy_weight = taxonomy_weight
        self.prior_weight = prior_weight
        self.balance = balance
        self.max_iter = max_iter

    def _matrix(
        self, texts: Sequence[str], tx: Taxonomy, tokens: Sequence[Counter[str]] | None = None
    ) -> tuple[Any, FloatArray]:
        """The feature matrix, and the fixed log-odds each field gets from the taxonomy.

        Features: TF-IDF words, then the taxonomy's log-damped evidence per concept and
        per upper field, then a constant. The prior is that field evidence again, not
        fitted: the portal's records hold only a handful of farm, disaster or overseas
        posts, too few for the fitted weights to learn what the taxonomy already knows.
        """
        from scipy import sparse

        if tokens is None:
            tokens = [_tokens(t, self.ngram_max) for t in texts]
        words = self._words(tokens)
        # All evidence, weak cues undeferred: the fitted weights judge each concept's cues
        # (5 folds: 0.737 by record, against 0.734 with weak cues deferred).
        raw = [np.add(*tx.evidence(t)) for t in texts]
        concepts = np.log1p(np.vstack(raw))
        fields = np.log1p(np.vstack([tx.field_profile(r) for r in raw]))
        dense = np.hstack([concepts, fields]) * self.taxonomy_weight
        x = sparse.hstack([words, sparse.csr_matrix(dense), np.ones((len(texts), 1))]).tocsr()
        return x, fields * self.prior_weight

    def _words(self, tokens: Sequence[Counter[str]]) -> Any:
        """TF-IDF rows of the texts' tokens, each block (character n-grams, morphemes) of unit length."""
        from scipy import sparse

        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for r, toks in enumerate(tokens):
            for tok, n in toks.items():
                c = self.vocabulary_.get(tok)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
                    counts.append(n)
        return self._weigh(sparse.csr_matrix((counts, (rows, cols)), shape=(len(tokens), len(self.vocabulary_)),
                                             dtype=np.float64))

    def _weigh(self, counts: Any) -> Any:
        """TF-IDF of a sparse matrix of token counts, each block scaled to unit length."""
        from scipy import sparse

        words = counts.tocoo()
        words = sparse.coo_matrix(((1.0 + np.log(words.data)) * self.idf_[words.col], (words.row, words.col)),
                                  shape=words.shape)
        # Each block (character n-grams, morphemes) is scaled to unit length on its own,
        # so a long description weighs no more than a title.
        block = self._is_morph
        sq = words.multiply(words)
        norm_c = np.sqrt(np.asarray(sq @ (~block).astype(np.float64)).ravel()) + 1e-12
        norm_m = np.sqrt(np.asarray(sq @ block.astype(np.float64)).ravel()) + 1e-12
        words = words.tocoo()
        scale = np.where(block[words.col], 1.0 / norm_m[words.row], 1.0 / norm_c[words.row])
        return sparse.csr_matrix((words.data * scale, (words.row, words.col)), shape=words.shape)

    def _set_vocabulary(self, vocab: Sequence[str], idf: Sequence[float]) -> None:
        self.vocabulary_ = {tok: i for i, tok in enumerate(vocab)}
        self.idf_ = np.asarray(idf, dtype=np.float64)
        self._is_morph = np.array([tok.startswith("m:") for tok in vocab], dtype=bool)

    def fit(self, texts: Sequence[str], labels: Sequence[str], *, taxonomy: Taxonomy | None = None) -> FieldClassifier:
        from scipy.optimize import minimize

        tx = taxonomy or default_taxonomy()
        codes = [field_code(lab) for lab in labels]
        keep = [i for i, c in enumerate(codes) if c is not None]
        texts = [texts[i] for i in keep]
        y = np.array([FIELD_CODES.index(codes[i]) for i in keep])
        tokens = [_tokens(t, self.ngram_max) for t in texts]
        df: Counter[str] = Counter()
        for toks in tokens:
            df.update(toks.keys())
        vocab = sorted(tok for tok, n in df.items() if n >= self.min_count)
        n_docs = len(texts)
        self._set_vocabulary(vocab, [float(np.log((1 + n_docs) / (1 + df[tok])) + 1.0) for tok in vocab])
        x, prior = self._matrix(texts, tx, tokens)
        self._set_memory([[c for tok, n in toks.items() if (c := self.vocabulary_.get(tok)) is not None for _ in range(n)]
                          for toks in tokens], y)
        n, d = x.shape
        k = len(FIELD_CODES)
        onehot = np.zeros((n, k))
        onehot[np.arange(n), y] = 1.0
        # Records of a field weigh (its count)^-balance, so the portal's handful of farm or
        # disaster posts are not drowned by how often 기타 is filed; mean weight 1.
        counts = np.bincount(y, minlength=k).astype(np.float64)
        sw = counts[y] ** -self.balance
        sw = (sw * (n / sw.sum()))[:, None]
        # A field with fewer records than min_field_records (farm, disaster and overseas
        # work: 3, 3 and 7 of 2,922) is not fitted at all and scores the taxonomy's prior
        # alone. Fitted, it learns from farm-like titles the portal filed elsewhere (딸기
        # 수확체험 under culture) to cancel the prior on every farm request.
        frozen = ~self.fitted_  # set with the memory above

        def loss(w_flat: FloatArray) -> tuple[float, FloatArray]:
            w = w_flat.reshape(d, k)
            z = x @ w + prior
            z -= z.max(axis=1, keepdims=True)
            lse = np.log(np.exp(z).sum(axis=1, keepdims=True))
            logp = z - lse
            val = -np.sum(sw * onehot * logp) + 0.5 * self.l2 * np.sum(w[:-1] ** 2)
            g = x.T @ (sw * (np.exp(logp) - onehot))
            g[:-1] += self.l2 * w[:-1]
            g[:, frozen] = 0.0
            return float(val), np.asarray(g).ravel()

        res = minimize(loss, np.zeros(d * k), jac=True, method="L-BFGS-B", options={"maxiter": self.max_iter})
        self.coef_ = res.x.reshape(d, k)
        return self

    def _set_memory(self, tokens: Sequence[Sequence[int]], labels: npt.ArrayLike) -> None:
        """The training posts (their tokens' vocabulary indexes, repeated as often as each
        occurs) and their fields, for the nearest-neighbour vote."""
        from scipy import sparse

        self.memory_tokens_ = [sorted(map(int, t)) for t in tokens]
        lengths = [len(t) for t in self.memory_tokens_]
        cols = np.fromiter(itertools.chain.from_iterable(self.memory_tokens_), dtype=np.int64, count=sum(lengths))
        rows = np.repeat(np.arange(len(lengths)), lengths)
        counts = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(lengths), len(self.vocabulary_)))
        counts.sum_duplicates()
        self.memory_ = self._weigh(counts)
        self.memory_labels_ = np.asarray(labels, dtype=np.int64)
        # The fields the model fits (see fit), and a complement naive Bayes over the same
        # word features (Rennie et al. 2003): a token weighs for a field as far as it is
        # rare in the posts filed under every other field, smoothed by complement_alpha
        # (0.3: the best of 0.1, 0.3 and 1.0 on the bench's folds, and of 0.3 and 1.0 on
        # another split of them).
        k = len(FIELD_CODES)
        self.fitted_ = np.bincount(self.memory_labels_, minlength=k) >= self.min_field_records
        onehot = np.zeros((len(self.memory_labels_), k))
        onehot[np.arange(len(self.memory_labels_)), self.memory_labels_] = 1.0
        in_field = np.asarray(self.memory_.T @ onehot)
        outside = in_field.sum(axis=1, keepdims=True) - in_field + self.complement_alpha
        self.complement_ = -np.log(outside / outside.sum(axis=0, keepdims=True))

    def _neighbour_vote(self, words: Any) -> tuple[FloatArray, FloatArray]:
        """Each text's field distribution among its `neighbours` most similar training posts.

        The portal's organisations post the same program again and again (another month,
        another time of day, another year) and file it where they filed it before; the
        fitted weights, regularised over every post, blur that memory. Similarity is the
        mean cosine of the two word blocks; each neighbour votes with similarity^power,
        so a near-copy outweighs many loose resemblances. Returns the votes (not
        normalised; zero for a text like no training post) and each text's similarity
        to its nearest training post.
        """
        k = min(self.neighbours, self.memory_.shape[0])
        out = np.zeros((words.shape[0], len(FIELD_CODES)))
        nearest = np.zeros(words.shape[0])
        if k <= 0:
            return out, nearest
        for start in range(0, words.shape[0], 1024):  # bounded memory on a big file
            sim = np.asarray((words[start : start + 1024] @ self.memory_.T).todense()) / 2.0
            top = np.argsort(-sim, axis=1, kind="stable")[:, :k]
            w = np.take_along_axis(sim, top, axis=1)
            nearest[start : start + len(sim)] = w[:, 0]
            rows = np.repeat(np.arange(start, start + len(sim)), k)
            np.add.at(out, (rows, self.memory_labels_[top].ravel()), (w**self.neighbour_power).ravel())
        return out, nearest

    def predict_proba(self, texts: Sequence[str], *, taxonomy: Taxonomy | None = None) -> FloatArray:
        """Field probabilities: the fitted model's, re-ranked among the fitted fields by the
        complement naive Bayes, then blended with the training posts' vote.

        The vote, measured with bench/engine_bench.py before the complement model came, 5
        folds: by record 0.7346 -> 0.7471 (0.7479 on another split of the folds); by
        organisation, where no near-copy exists, 0.5328 -> 0.5315. A vote of fixed weight
        0.5 scored 0.7492 by record but 0.5289 by organisation, and pulled short requests
        towards whatever they loosely resembled.
        """
        tx = taxonomy or default_taxonomy()
        x, prior = self._matrix(texts, tx)
        z = np.asarray(x @ self.coef_) + prior
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        memory = getattr(self, "memory_", None) is not None
        fitted = self.fitted_ if memory else np.zeros(len(FIELD_CODES), dtype=bool)
        words = x[:, : len(self.vocabulary_)]
        if memory and self.complement_weight > 0 and fitted.any():
            # The complement naive Bayes re-ranks the fitted fields among themselves: an
            # evidence-counting view of the same words that weighs rare, telling tokens
            # more than the regularised weights do. Whether a text is farm, disaster or
            # overseas work instead (fields too rare to fit) stays the fitted model's and
            # the taxonomy's call: the best fitted field keeps its probability, the others
            # follow the new shape, and the whole is normalised again.
            # 5 folds by record 0.7471 -> 0.7497 (another split 0.7453 -> 0.7558), by
            # organisation 0.5315 -> 0.5409 (0.5410 -> 0.5533). Before the vote, so that
            # a near-copy still decides as far as it is alike.
            s = self.complement_weight * np.asarray(words @ self.complement_[:, fitted])
            q = p[:, fitted] * np.exp(s - s.max(axis=1, keepdims=True))
            p[:, fitted] = q * (p[:, fitted].max(axis=1, keepdims=True) / q.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
        if memory and self.neighbour_weight > 0:
            # The vote weighs as much as the nearest post is like the text (a near-copy
            # decides with the fitted model, a loose resemblance hardly at all), and it
            # moves probability only among the fields the model fitted: a field with too
            # few records to fit (farm, disaster, overseas work) has as few to remember,
            # and keeps what the taxonomy's prior gives it.
            vote, nearest = self._neighbour_vote(words)
            vote = vote * fitted
            total = vote.sum(axis=1, keepdims=True)
            share = p[:, fitted].sum(axis=1, keepdims=True)
            vote = np.divide(vote * share, total, out=np.zeros_like(vote), where=total > 0)
            a = np.where(total > 0, self.neighbour_weight * nearest[:, None], 0.0)
            p = np.where(fitted, (1.0 - a) * p + a * vote, p)
        return np.asarray(p, dtype=np.float64)

    def predict(self, texts: Sequence[str], *, taxonomy: Taxonomy | None = None) -> list[str]:
        p = self.predict_proba(texts, taxonomy=taxonomy)
        return [FIELD_LABELS[i] for i in p.argmax(axis=1)]

    def to_dict(self) -> dict[str, Any]:
        # Every feature is kept (a dropped one would change the length normalisation);
        # per token: its idf, then one weight per field.
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        weights = {
            tok: [round(float(idf), 4), *(round(float(v), 4) for v in row)]
            for tok, idf, row in zip(vocab, self.idf_, self.coef_, strict=False)
        }
        tax_rows = self.coef_[len(vocab) : -1]
        d: dict[str, Any] = {
            "kind": "itda_match.FieldClassifier/3",
            "fields": list(FIELD_CODES),
            "concepts": list(default_taxonomy().concept_ids),
            "config": {
                "l2": self.l2,
                "min_count": self.min_count,
                "taxonomy_weight": self.taxonomy_weight,
                "prior_weight": self.prior_weight,
                "balance": self.balance,
                "ngram_max": self.ngram_max,
                "min_field_records": self.min_field_records,
                "neighbours": self.neighbours,
                "neighbour_power": self.neighbour_power,
                "neighbour_weight": self.neighbour_weight,
                "complement_alpha": self.complement_alpha,
                "complement_weight": self.complement_weight,
            },
            "weights": weights,
            "taxonomy": [[round(float(v), 4) for v in row] for row in tax_rows],
            "bias": [round(float(v), 4) for v in self.coef_[-1]],
        }
        if getattr(self, "memory_tokens_", None) is not None:
            # The training posts for the neighbour vote: each one's field and its tokens'
            # vocabulary indexes (repeated as often as the token occurs).
            d["memory"] = {"fields": self.memory_labels_.tolist(), "tokens": self.memory_tokens_}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FieldClassifier:
        if (
            d.get("kind") != "itda_match.FieldClassifier/3"
            or d.get("fields") != list(FIELD_CODES)
            or d.get("concepts") != list(default_taxonomy().concept_ids)
        ):
            raise ValueError("not a field classifier for this taxonomy")
        m = cls(**d["config"])
        w = d["weights"]
        vocab = list(w)
        m._set_vocabulary(vocab, [w[t][0] for t in vocab])
        rows = [w[t][1:] for t in vocab] + list(d["taxonomy"]) + [d["bias"]]
        m.coef_ = np.array(rows, dtype=np.float64)
        memory = d.get("memory")
        if memory is not None:
            m._set_memory(memory["tokens"], memory["fields"])
        return m

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> FieldClassifier:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_field_model() -> FieldClassifier | None:
    """The shipped word model, or None when the data file is absent (taxonomy only)."""
    if not MODEL_PATH.exists():
        return None
    return FieldClassifier.load(MODEL_PATH)


def classify(
    text: str, *, taxonomy: Taxonomy | None = None, model: FieldClassifier | bool | None = True
) -> tuple[str, float]:
    """(upper service field label, confidence in [0, 1]) of a need's or a post's text.

    `model=True` uses the shipped word model when present, `False` the taxonomy alone,
    or pass a fitted FieldClassifier.
    """
    return classify_many([text], taxonomy=taxonomy, model=model)[0]


def classify_many(
    texts: Sequence[str], *, taxonomy: Taxonomy | None = None, model: FieldClassifier | bool | None = True
) -> list[tuple[str, float]]:
    """`classify` of many texts at once: the word model scores them in one batch."""
    tx = taxonomy or default_taxonomy()
    clf = default_field_model() if model is True else (model or None)
    if clf is not None:
        p = clf.predict_proba(texts, taxonomy=tx) if texts else np.zeros((0, len(FIELD_LABELS)))
        best = p.argmax(axis=1)
        return [(FIELD_LABELS[f], round(float(row[f]), 4)) for f, row in zip(best, p, strict=True)]
    out = []
    for text in texts:
        scores = tx.field_scores(text)
        total = float(scores.sum())
        if total <= 0:
            # Nothing recognisable: the portal files such posts under 기타.
            out.append((FIELD_LABELS[_OTHER], 0.2))
        else:
            f = int(np.argmax(scores))
            out.append((FIELD_LABELS[f], round(float(scores[f]) / (total + 0.5), 4)))
    return out
