"""Printed forms with check boxes: only the ticked option is the letter's own wording.

A form prints every option ("□予以公开 ☑不予公开 □信息不存在"); only the ticked one (☑ ■ √ ✓
✔ ☒ ▣) says what the letter decided, and only its citation is the legal basis. An unticked
option (□ ☐) is blanked out — replaced by "＿" of the same length, so unit offsets and every
quote still map to the verbatim block text — up to the next box, the end of the clause or the
end of the printed line (a PDF joins the next line into the same unit).
"""

from __future__ import annotations

import re

from extractors.doctypes.common import Unit

__all__ = ["TICKED", "UNTICKED", "ticked_only"]

TICKED = "☑■√✓✔☒▣"
UNTICKED = "□☐"
_BOX = re.compile(f"[{UNTICKED}](?P<option>[^{TICKED}{UNTICKED}。；;]*)")


def ticked_only(us: list[Unit]) -> tuple[list[Unit], bool]:
    """(units with unticked options blanked, True when boxes are printed but none is ticked).

    Units without an unticked box are returned as they are.
    """
    boxed = any(ch in u.text for u in us for ch in UNTICKED)
    if not boxed:
        return us, False
    ticked = any(ch in u.text for u in us for ch in TICKED)
    out = []
    for u in us:
        if not any(ch in u.text for ch in UNTICKED):
            out.append(u)
            continue
        out.append(Unit(u.block, _blank(u), u.index))
    return out, not ticked


def _line_end(u: Unit, start: int, end: int) -> int:
    """``end``, or earlier where the printed line of ``u.text[start]`` ends (a PDF line)."""
    for i in range(start + 1, end):
        if "\n" in u.block.text[u.index[i - 1] : u.index[i]]:
            return i
    return end


def _blank(u: Unit) -> str:
    """``u.text`` with every unticked option blanked up to the next box, 。；, or line end."""
    chars = list(u.text)
    for m in _BOX.finditer(u.text):
        for i in range(m.start(), _line_end(u, m.start(), m.end())):
            chars[i] = "＿"
    return "".join(chars)
