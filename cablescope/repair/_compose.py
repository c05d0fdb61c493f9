"""Composing a repair step onto earlier ones, so every edit stays on raw offsets.

A rule sees the current text (the raw body with the earlier edits applied) and
returns edits on that text. ``compose`` turns them into edits on the raw body:
an edit that falls in untouched text is shifted back to raw offsets; an edit that
overlaps an earlier edit's replacement is merged with it into one raw edit.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from itertools import accumulate

from cablescope.model import Edit, RepairedText


def _interacts(text_start: int, text_end: int, new: Edit) -> bool:
    """Whether a new edit must merge with an earlier edit that fills text_start:text_end."""
    if max(text_start, new.start) < min(text_end, new.end):
        return True
    if new.start == new.end:
        return text_start <= new.start <= text_end
    if text_start == text_end:
        return new.start < text_start < new.end
    return False


def _rule_name(rules: list[str]) -> str:
    seen: list[str] = []
    for rule in rules:
        for part in rule.split("+"):
            if part not in seen:
                seen.append(part)
    return "+".join(seen)


def compose(prev: RepairedText, edits: Sequence[Edit]) -> RepairedText:
    """Apply ``edits`` (offsets in ``prev.text``) and express the result on ``prev.raw``.

    Raises ValueError when ``edits`` overlap each other.
    """
    step = RepairedText.apply(prev.text, tuple(edits))
    if not step.edits:
        return prev
    olds = prev.edits
    if not olds:
        return RepairedText(raw=prev.raw, text=step.text, edits=step.edits)
    deltas = [len(e.replacement) - (e.end - e.start) for e in olds]
    after = list(accumulate(deltas))
    starts = [e.start + a - d for e, a, d in zip(olds, after, deltas, strict=True)]
    ends = [s + len(e.replacement) for s, e in zip(starts, olds, strict=True)]
    news = step.edits
    result: list[Edit] = []
    i = j = 0
    n_old, n_new = len(olds), len(news)
    old_shift = new_shift = 0
    while j < n_new:
        # Earlier edits that end before the next new one starts cannot touch it.
        k = bisect.bisect_left(ends, news[j].start, i)
        if k > i:
            result.extend(olds[i:k])
            old_shift = after[k - 1]
            i = k
        take_old = i < n_old and starts[i] <= news[j].start
        if not (i < n_old and _interacts(starts[i], ends[i], news[j])):
            if take_old:
                result.append(olds[i])
                old_shift = after[i]
                i += 1
                continue
            new = news[j]
            result.append(
                Edit(new.start - old_shift, new.end - old_shift, new.replacement, new.rule)
            )
            new_shift += len(new.replacement) - (new.end - new.start)
            j += 1
            continue
        # A cluster of earlier and new edits that touch: one raw edit.
        first_old = i
        cluster_news = [news[j]]
        j += 1
        i += 1
        while True:
            if i < n_old and _interacts(starts[i], ends[i], cluster_news[-1]):
                i += 1
            elif j < n_new and _interacts(starts[i - 1], ends[i - 1], news[j]):
                cluster_news.append(news[j])
                j += 1
            else:
                break
        last_old = i - 1
        text_start = min(starts[first_old], cluster_news[0].start)
        text_end = max(ends[last_old], cluster_news[-1].end)
        if starts[first_old] == text_start:
            raw_start = olds[first_old].start
        else:
            raw_start = text_start - old_shift
        old_shift = after[last_old]
        if ends[last_old] == text_end:
            raw_end = olds[last_old].end
        else:
            raw_end = text_end - old_shift
        out_start = text_start + new_shift
        for e in cluster_news:
            new_shift += len(e.replacement) - (e.end - e.start)
        out_end = text_end + new_shift
        rules = [e.rule for e in olds[first_old : last_old + 1]] + [e.rule for e in cluster_news]
        result.append(Edit(raw_start, raw_end, step.text[out_start:out_end], _rule_name(rules)))
    result.extend(olds[i:])
    return RepairedText(raw=prev.raw, text=step.text, edits=tuple(result))
