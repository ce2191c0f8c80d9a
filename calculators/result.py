"""The vocabulary every calculator's result shares.

A result explains itself in three lists of bilingual texts: ``steps`` (how each figure
was worked out), ``warnings`` (what the reader must know before acting on it) and
``unverified`` (which figures rest on a weak or disputed source). ``Notes`` collects
them while a calculation runs; with explanations off (a caller that wants figures only,
such as a batch of 10,000 rows or the comparison's 21 weights) it does not build the
step texts at all, since formatting them is most of a calculation's time.

Confidence says what a figure's source is, strongest first (see ``CONFIDENCE``); a
result is only as strong as its weakest figure.
"""

from __future__ import annotations

from typing import Any, Callable

from .i18n import Text, message

# Strongest first. "official": an Amazon or government page, dated, read directly;
# "official-copy": a verbatim copy of such a page or PDF found second-hand (a repost, a
# copy inside an open-source project); "third-party": an article; "open-source-code":
# another calculator's data; "unverified": sources disagree, the date is unknown, or
# the figure comes from the nearest card rather than the one in force.
CONFIDENCE = ("official", "official-copy", "third-party", "open-source-code", "unverified")
_RANK = {level: i for i, level in enumerate(CONFIDENCE)}


def weakest(*levels: str | None) -> str:
    """The weakest of the confidence levels given (None is ignored)."""
    present = [level for level in levels if level]
    return max(present, key=lambda level: _RANK[level]) if present else CONFIDENCE[0]


class Notes:
    """Steps, warnings and unverified notes of one result, without duplicates.

    ``step`` takes a message key and its parameters (or a ready text) and does nothing
    when explanations are off; warnings and unverified notes are always kept, since
    callers that skip the steps still pass those on to the reader.
    """

    __slots__ = ("explain", "steps", "warnings", "unverified", "_confidence")

    def __init__(self, explain: bool = True):
        self.explain = explain
        self.steps: list[Text] = []
        self.warnings: list[Text] = []
        self.unverified: list[Text] = []
        self._confidence: list[str] = []

    def step(self, key: str | Text, **params: Any) -> None:
        if self.explain:
            self.steps.append(message(key, **params) if isinstance(key, str) else key)

    def step_with(self, make: Callable[[], Text]) -> None:
        """A step whose text is costly to build: ``make`` runs only when explaining."""
        if self.explain:
            self.steps.append(make())

    def warn(self, key: str | Text, **params: Any) -> None:
        _add(self.warnings, message(key, **params) if isinstance(key, str) else key)

    def doubt(self, key: str | Text, **params: Any) -> None:
        """A figure of the result is unverified; say which and why."""
        _add(self.unverified, message(key, **params) if isinstance(key, str) else key)
        self._confidence.append("unverified")

    def rely_on(self, confidence: str | None) -> None:
        """The result uses a figure of this confidence."""
        if confidence:
            self._confidence.append(confidence)

    def merge(self, other: dict, steps: bool = False) -> None:
        """Take another result's warnings and unverified notes (and steps if asked), and
        its confidence: an unverified note makes this result unverified too."""
        for w in other.get("warnings", ()):
            _add(self.warnings, w)
        for u in other.get("unverified", ()):
            self.doubt(u)
        if steps and self.explain:
            self.steps.extend(other.get("steps", ()))
        self.rely_on(other.get("confidence"))

    @property
    def confidence(self) -> str:
        return weakest(*self._confidence)

    def into(self, result: dict) -> dict:
        """Write the lists and the confidence roll-up into ``result``."""
        result["confidence"] = self.confidence
        result["unverified"] = self.unverified
        result["steps"] = self.steps
        result["warnings"] = self.warnings
        return result


def _add(items: list, item: Text) -> None:
    if item not in items:
        items.append(item)
