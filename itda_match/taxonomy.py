"""The concept taxonomy at work: turns Korean texts into concept profiles and service fields."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from . import taxonomy_data as data
from .text import (
    TextAnalysis,
    WordAnalysis,
    analyze,
    analyze_word,
    is_noun_run,
    kiwi_readings,
    prime_words,
    similar_morphemes,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Upper fields a need or interest may name (the 14 the README lists; 1700 and 1900 are
# only for classifying posts).
FIELD_CODES: tuple[str, ...] = tuple(data.FIELDS)
FIELD_LABELS: tuple[str, ...] = tuple(data.FIELDS.values())
LABEL_TO_CODE: dict[str, str] = {v: k for k, v in data.FIELDS.items()}

# Older 1365 labels and free spellings that are not a current label with its separators
# dropped (those, like 보건의료 or 재난재해, come from LABEL_TO_CODE itself).
_FIELD_ALIASES: dict[str, str] = {
    "생활편의지원": "0100",
    "상담": "0300",
    "멘토링": "0300",
    "문화행사": "0700",
    "환경보호": "0800",
    "행정보조": "0900",
    "안전예방": "1000",
    "공익인권": "1100",
    "재해재난": "1200",
    "자원봉사교육": "1700",
}

# How strongly an embedding neighbour counts compared with a taxonomy term.
_EMBED_WEIGHT = 0.5
_EMBED_MIN_SIM = 0.62
# A weak cue (a term below _STRONG in weight for a concept, as generic words such as
# 돌봄, 케어 or 아이 are, a term several concepts share, or an embedding neighbour)
# counts only _DEFER as much for a concept that no strong term in the same text names:
# in 유기견 돌봄 the care is for the dogs, not childcare. Measured on the phrasing sets
# (bench/): misread phrasings fell on every set (blind sets H and I, unread at the time:
# 120 -> 116 and 141 -> 133 of 720), and matchsim cold scores rose on the cached cities of
# D, E, F and the public lexicon; dropping such cues entirely (0) cost set D.
_STRONG = 0.8
_DEFER = 0.25
# How much a post's description counts beside its title. Measured by wrapping the phrasing
# sets' titles in 40 post templates written blind by a helper (places, perks, who asks):
# misread titles 6,112 -> 3,272 of 34,873 at 0.5 (3,106 at 0.3, which would leave too
# little to a description that carries what a vague title does not).
_CONTEXT_WEIGHT = 0.5


def _label_key(label: str) -> str:
    # Letters and digits only. U+318D (ㆍ), the portal's separator, counts as a Hangul
    # letter for str.isalnum, so it is dropped by name: 재해ㆍ재난 = 재해.재난 = 재해재난.
    return "".join(ch for ch in label if ch.isalnum() and ch != "\u318d")


# Every spelling key field_code knows (a current label's key wins over an alias).
_KEY_TO_CODE: dict[str, str] = {**_FIELD_ALIASES, **{_label_key(lab): code for lab, code in LABEL_TO_CODE.items()}}


@lru_cache(maxsize=4096)
def field_code(label: str | None) -> str | None:
    """The upper field code of a label in any of its spellings, or None."""
    if not label:
        return None
    if label in LABEL_TO_CODE:
        return LABEL_TO_CODE[label]
    key = _label_key(label)
    if key.isdigit():
        return key[:2] + "00" if key[:2] + "00" in data.FIELDS else None
    return _KEY_TO_CODE.get(_label_key(label.split(">")[0]))


def _defer_weak(strong: FloatArray, weak: FloatArray, backed: BoolArray | None) -> FloatArray:
    """Strong plus weak evidence, a weak cue counting _DEFER for a concept no strong term
    in the text names (unless `backed`, e.g. by the field the requester chose)."""
    if not strong.any():
        return strong + weak
    defer = strong == 0
    if backed is not None:
        defer &= ~backed
    return np.asarray(strong + np.where(defer, _DEFER * weak, weak), dtype=np.float64)


def _is_inflected_verb(word: str, morphemes: tuple[tuple[str, str], ...]) -> bool:
    """A verb stem with only a final consonant or vowel ending fused on, as kiwi read it:
    쓸 (쓰+ㄹ) in 차 쓸 수 있어요 and 드릴 (드리+ㄹ) in 도와 드릴게요 are not the nouns
    쓸 (sweeping) and 드릴 (a drill)."""
    return len(morphemes) == 1 and morphemes[0][1][0] == "V" and len(morphemes[0][0]) == len(word)


@dataclass(frozen=True, slots=True)
class _Term:
    concept: int
    weight: float
    surface: str
    parts: frozenset[str]  # content morphemes (for terms of several words)


class Taxonomy:
    """Concepts of help with their Korean terms, relations and service fields."""

    def __init__(self, *, use_embeddings: bool = True) -> None:
        self.use_embeddings = use_embeddings
        self.concept_ids: tuple[str, ...] = tuple(data.CONCEPTS)
        self.n_concepts = len(self.concept_ids)
        self.concept_labels = tuple(data.CONCEPTS[c]["label"] for c in self.concept_ids)
        self.concept_field = np.array(
            [FIELD_CODES.index(data.CONCEPTS[c]["field"]) for c in self.concept_ids], dtype=np.int64
        )
        idx = {c: i for i, c in enumerate(self.concept_ids)}
        rel = np.zeros((self.n_concepts, self.n_concepts))
        for c, spec in data.CONCEPTS.items():
            for r in spec["related"]:
                # Relations are symmetric in use: a cook can help with cleaning and vice versa.
                rel[idx[c], idx[r]] = rel[idx[r], idx[c]] = 1.0
        self.related = rel
        self.concept_quals = tuple(frozenset(data.CONCEPTS[c]["quals"]) for c in self.concept_ids)
        self._build_terms(idx)

    def _build_terms(self, idx: dict[str, int]) -> None:
        # One entry per concept and surface: 반찬 봉사 and 반찬봉사, or a term listed both as
        # help and as a self-description, are the same evidence and count once (the higher
        # weight), not twice.
        entries: dict[tuple[int, str], tuple[float, frozenset[str]]] = {}
        prime_words([e.partition("|")[0] for spec in data.CONCEPTS.values() for e in spec["terms"]]
                    + [e for es in data.SELF_DESCRIPTIONS.values() for e in es])
        for c, spec in data.CONCEPTS.items():
            for entry in [*spec["terms"], *data.SELF_DESCRIPTIONS.get(c, [])]:
                text, _, wtext = entry.partition("|")
                weight = float(wtext) if wtext else 1.0
                surface = text.replace(" ", "").lower()
                ta = analyze(text)
                parts: frozenset[str] = frozenset()
                if len(ta.words) > 1:
                    # Only the words' own morphemes, not cross-word compounds, must all appear.
                    parts = frozenset(f for f, _ in ta.morphemes if f not in data.STOPWORDS)
                    weight *= 1.0 + 0.3 * max(0, len(parts) - 1)
                known = entries.get((idx[c], surface))
                if known is None or weight > known[0]:
                    entries[(idx[c], surface)] = (weight, parts)
        raw = [(ci, w, s, parts) for (ci, s), (w, parts) in entries.items()]
        # A surface shared by several concepts says less about each (an inverse frequency).
        share: dict[str, set[int]] = {}
        for ci, _, s, _ in raw:
            share.setdefault(s, set()).add(ci)
        self._by_surface: dict[str, list[_Term]] = {}
        self._multi: list[_Term] = []
        for ci, w, s, parts in raw:
            term = _Term(ci, w / len(share[s]), s, parts)
            self._by_surface.setdefault(s, []).append(term)
            if len(parts) >= 2:
                self._multi.append(term)
        # Long surfaces are also found inside words (작은도서관, 밑반찬나눔); short ones are
        # not, because 청소 hides in 청소년 and 배 in 배달.
        self._long_surfaces = tuple(s for s in self._by_surface if len(s) >= 3)
        # Each one's place in that order, and the longest: a word's own substrings are
        # looked up instead of testing every surface against the word (12 times faster).
        self._long_rank = {s: i for i, s in enumerate(self._long_surfaces)}
        self._long_max = max(map(len, self._long_surfaces), default=0)
        # A verb phrase found inside a longer word counts only where the analyser reads its
        # verb there: 들어주 (listen) hides in 만들어주세요 (make for), whose verb is 만들.
        self._verb_of: dict[str, str] = {}
        for s in self._long_surfaces:
            morphemes = analyze_word(s).morphemes
            if morphemes and morphemes[0][1][0] == "V" and not any(tag[0] == "N" for _, tag in morphemes):
                self._verb_of[s] = morphemes[0][0]
        # Multi-word terms are looked up through one of their parts, not scanned one by one.
        self._multi_by_part: dict[str, list[_Term]] = {}
        for mt in self._multi:
            self._multi_by_part.setdefault(min(mt.parts), []).append(mt)
        self.vocabulary = frozenset(self._by_surface)
        # A word with other senses (data.SENSES) is read as the first sense whose words
        # are in the text, and as that sense's concept alone.
        self._senses: dict[str, list[tuple[_Term, tuple[frozenset[str], ...]]]] = {
            word: [
                (_Term(idx[concept], 1.0, word, frozenset()), tuple(frozenset(w.lower() for w in g) for g in groups))
                for concept, groups in senses
            ]
            for word, senses in data.SENSES.items()
        }

    # ------------------------------------------------------------ text -> concepts

    def evidence(self, text: str) -> tuple[FloatArray, FloatArray]:
        """(whole-term, weak-cue) evidence per concept, before weak cues defer."""
        return self._evidence(text, False)

    def concept_scores(self, text: str) -> FloatArray:
        """Evidence per concept in a text: matched term weights, weak cues deferred."""
        return self._scores(text)

    def _scores(self, text: str, statement: bool = False) -> FloatArray:
        # Derived afresh from the cached evidence: one array operation, not worth a cache.
        return _defer_weak(*self._evidence(text, statement), None)

    @lru_cache(maxsize=100_000)  # noqa: B019 - the taxonomy lives as long as the process
    def _evidence(
        self, text: str, statement: bool = False, around: frozenset[str] = frozenset()
    ) -> tuple[FloatArray, FloatArray]:
        """(strong, weak) evidence per concept: whole terms, and weak cues (light terms and
        embedding neighbours) before _defer_weak weighs them. A `statement` about oneself
        leaves out what it denies (차량 없음). `around` holds the words of the text this one
        belongs with (a post's title, for its description): they too select a word's sense."""
        ta = analyze(text, statement=statement)
        strong = np.zeros(self.n_concepts)
        weak = np.zeros(self.n_concepts)
        matched: set[str] = set()
        # The words of the text with another sense, and the sense their neighbours select.
        candidates = self._senses.keys() & ta.forms
        near = self._sense_words(ta) | around if candidates else around
        sensed = {w: sense for w in candidates if (sense := self._sense(w, near)) is not None}

        def terms_of(surface: str) -> list[_Term] | None:
            sense = sensed.get(surface)
            return [sense] if sense is not None else self._by_surface.get(surface)

        def add(t: _Term, cap: float | None = None) -> None:
            w = t.weight if cap is None else min(t.weight, cap)
            if w >= _STRONG:
                strong[t.concept] += w
            else:
                weak[t.concept] += w

        # Longest first: a morpheme inside a compound that already matched counts only
        # for that compound's own concepts, so 사회복지사 is not 사회 (hosting an event)
        # and 전기기사 not a 기사 (driver), while 수해 in 수해복구 still adds to disaster.
        # Inside a compound of one concept listed lightly, a part weighs no more than the
        # compound (요양 and 병원 in 요양병원, a place where help of any kind is given); a
        # compound split between concepts (응급처치: health and disaster) leaves its parts
        # their own weight, since they tell which of its concepts is meant.
        # Sorted, so float sums never depend on hash order.
        # Each matched surface with the most a term inside it may weigh, per concept it allows.
        compounds: list[tuple[str, dict[int, float]]] = []

        def credit(surface: str) -> None:
            terms = terms_of(surface) or []
            inside = [caps for m, caps in compounds if surface in m]
            for t in terms:
                if not inside:
                    add(t)
                elif any(t.concept in caps for caps in inside):
                    add(t, max(caps.get(t.concept, 0.0) for caps in inside))
            matched.add(surface)
            own: dict[int, float] = {}
            for t in terms:
                own[t.concept] = max(own.get(t.concept, 0.0), t.weight)
            compounds.append((surface, own if len(own) == 1 else dict.fromkeys(own, math.inf)))

        for f in sorted(ta.forms, key=lambda x: (-len(x), x)):
            if terms_of(f) is not None:
                credit(f)
        # A term spelled inside a word (상담사 in 직업상담사, kept whole by kiwi) follows
        # the same rule; longest first, so the longest term found is the compound.
        for w in ta.words:
            for s in sorted(self._substrings(w), key=lambda x: (-len(x), x)):
                if s not in matched:
                    credit(s)
        # A word kiwi does not split (네일 in 네일 아트) may still be a term as written; and
        # an unknown compound noun that begins with a short term and goes on with nouns
        # (풍물+놀이, 농업+기술센터) carries that term, while a word of its own that merely
        # starts like one (청소년 is not 청소+년) does not.
        for w in ta.words:
            wl = w.lower()
            if wl not in self._by_surface or wl in matched:
                continue
            morphemes = analyze_word(w).morphemes
            if not any(f in self._by_surface for f, _ in morphemes) and not _is_inflected_verb(w, morphemes):
                credit(wl)
        for f, tag in ta.morphemes:
            if tag not in ("NNG", "NNP") or len(f) < 4 or f in self._by_surface:
                continue
            if any(m in f for m in matched):
                continue
            head = self._compound_head(f)
            if head is not None and head not in matched:
                credit(head)
        for f in sorted(ta.forms):
            for t in self._multi_by_part.get(f, ()):
                if t.surface not in matched and t.parts <= ta.forms and not any(
                    w in t.parts and t.concept != sense.concept for w, sense in sensed.items()
                ):
                    add(t)
        if self.use_embeddings:
            weak += self._embedding_scores(ta, matched)
        strong.setflags(write=False)
        weak.setflags(write=False)
        return strong, weak

    def _sense_words(self, ta: TextAnalysis) -> frozenset[str]:
        """The words that select a sense: the text's forms, and its words as written with
        the terms spelled inside them, since kiwi splits some words (길냥이 into 길 and
        냥이) and keeps others whole (모셔다드리는)."""
        return ta.forms | {w.lower() for w in ta.words} | {s for w in ta.words for s in self._substrings(w)}

    def _sense(self, word: str, forms: frozenset[str]) -> _Term | None:
        """The first of a word's other senses whose every group has a word in `forms`."""
        return next((t for t, groups in self._senses[word] if all(not g.isdisjoint(forms) for g in groups)), None)

    @lru_cache(maxsize=50_000)  # noqa: B019 - see above
    def _compound_head(self, noun: str) -> str | None:
        """The longest term a compound noun starts with, when the rest is nouns only."""
        for i in range(len(noun) - 2, 1, -1):
            if noun[:i] in self._by_surface and is_noun_run(noun[i:]):
                return noun[:i]
        return None

    @lru_cache(maxsize=200_000)  # noqa: B019 - see above
    def _substrings(self, word: str) -> tuple[str, ...]:
        w = word.lower()
        if len(w) < 3:
            return ()
        rank, n, most = self._long_rank, len(w), self._long_max
        hits = {w[i:j] for i in range(n - 2) for j in range(i + 3, min(n, i + most) + 1) if w[i:j] in rank}
        found = sorted(hits, key=rank.__getitem__)  # in the surfaces' order, as a scan finds them
        if any(s in self._verb_of for s in found):
            verbs = {f for f, _ in analyze_word(word).morphemes}
            found = [s for s in found if s not in self._verb_of or self._verb_of[s] in verbs]
        return tuple(found)

    def _embedding_scores(self, ta: TextAnalysis, matched: set[str]) -> FloatArray:
        out = np.zeros(self.n_concepts)
        for form, tag in ta.morphemes:
            if (
                form in matched
                or form in self._by_surface
                or form in data.STOPWORDS
                or len(form) < 2
                or tag not in ("NNG", "NNP", "VV", "XR")
            ):
                continue
            if any(form in s for s in matched):
                continue  # part of a matched compound (반찬 inside 밑반찬)
            out += self._neighbour_scores(form, tag)
        return out

    @lru_cache(maxsize=50_000)  # noqa: B019 - see above
    def _neighbour_scores(self, form: str, tag: str) -> FloatArray:
        out = np.zeros(self.n_concepts)
        hits = 0
        for nb, sim in similar_morphemes(form, tag):
            if sim < _EMBED_MIN_SIM or nb in data.STOPWORDS or nb not in self._by_surface:
                continue
            for t in self._by_surface[nb]:
                out[t.concept] += _EMBED_WEIGHT * t.weight * (sim - 0.5) / 0.5
            hits += 1
            if hits >= 3:
                break
        out.setflags(write=False)
        return out

    # ------------------------------------------------------------ profiles

    def need_field(self, text: str, *, context: str = "") -> str | None:
        """The upper field code of the help a need asks for (its `need_profile` reading), or
        None when the text names no help the taxonomy knows."""
        fields = self.field_profile(self.need_profile(text, context=context))
        return FIELD_CODES[int(fields.argmax())] if fields.sum() > 0 else None

    def need_profile(self, text: str, backed: BoolArray | None = None, *, context: str = "") -> FloatArray:
        """What help a need asks for: a distribution over concepts (all zero if unknown).

        `context` is the rest of the post around its title (`text`): it counts
        _CONTEXT_WEIGHT as much, so the setting a description names (농장에서, 다문화
        가정입니다, 맞벌이라) does not outweigh the help the title asks for. `backed` marks
        concepts whose weak cues count in full, as the field the requester chose does (a
        mural, 벽화, under 주거환경 is house work as much as art).
        """
        strong, weak = self._evidence(text, False)
        if context:
            # The title's words select senses in the description too (김장김치 to be
            # delivered, 전달, is still a delivery where the description only says 나눠
            # 드려요); the description's words do not re-read the title.
            cs, cw = self._evidence(context, False, self._sense_words(analyze(text)))
            strong, weak = strong + _CONTEXT_WEIGHT * cs, weak + _CONTEXT_WEIGHT * cw
        s = _defer_weak(strong, weak, backed)
        tot = s.sum()
        return s / tot if tot > 0 else np.zeros(self.n_concepts)

    def skill_profile(self, talents: tuple[str, ...] | list[str], intro: str = "") -> FloatArray:
        """What a volunteer can do: per concept in [0, 1].

        Each talent is one statement of ability, so each is scaled on its own and the
        volunteer's skill in a concept is the strongest statement for it; the free intro
        counts half, because people also mention what they merely like.
        """
        prof = np.zeros(self.n_concepts)
        for t in talents:
            prof = np.maximum(prof, self.statement_strength(t))
        if intro:
            prof = np.maximum(prof, 0.5 * self.statement_strength(intro))
        return prof

    def statement_strength(self, text: str) -> FloatArray:
        """How strongly one statement claims each concept, in [0, 1].

        The main concept gets 1 once the evidence is a whole term; a second concept in
        the same statement (영어 과외: tutoring and languages) keeps most of its weight
        instead of splitting it, since the person can usually do both.
        """
        s = self._scores(text, statement=True)
        tot = float(s.sum())
        if tot <= 0:
            return np.zeros(self.n_concepts)
        top = float(s.max())
        return np.asarray(np.minimum(1.0, s / max(top + 0.25 * (tot - top), 1.0)), dtype=np.float64)

    def field_scores(self, text: str) -> FloatArray:
        """Evidence per upper field (ordered as FIELD_CODES)."""
        s = self._scores(text)
        out = np.zeros(len(FIELD_CODES))
        np.add.at(out, self.concept_field, s)
        return out

    def field_profile(self, concept_dist: FloatArray) -> FloatArray:
        """A concept distribution folded onto upper fields."""
        out = np.zeros(len(FIELD_CODES))
        np.add.at(out, self.concept_field, concept_dist)
        return out

    def words_of(self, text: str) -> frozenset[str]:
        """Content morphemes of a text (for learned classifiers)."""
        return analyze(text).forms


@lru_cache(maxsize=2)
def default_taxonomy(use_embeddings: bool = True) -> Taxonomy:
    """The shared, read-only taxonomy (built once per process)."""
    return Taxonomy(use_embeddings=use_embeddings)


def taxonomy_word_analyses() -> dict[str, WordAnalysis]:
    """Every word building a taxonomy analyses, as Kiwi reads it now (the shipped file unused).

    What scripts/build_word_cache.py writes to `text.SHIPPED_WORDS`.
    """
    with kiwi_readings() as words:
        Taxonomy()
    return dict(words)


def word_forms(word: str) -> tuple[str, ...]:
    return tuple(f for f, _ in analyze_word(word).morphemes)
