"""Text repair: standoff edits over a raw body that undo the damage of transmission and export.

``repair(raw)`` runs every rule and returns a RepairedText whose edits point into
the raw body; ``find_marks`` and ``marks_on_text`` carry the inline entity marks
of the annotated variant over to the repaired text.
"""

from cablescope.repair.chain import repair
from cablescope.repair.marks import Mark, find_marks, marks_on_text

__all__ = ["Mark", "find_marks", "marks_on_text", "repair"]
