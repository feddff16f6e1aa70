"""Printed forms with check boxes: only the ticked option is the letter's own wording.

A form prints every option ("□予以公开 ☑不予公开 □信息不存在"); only the ticked one (☑ ■ √ ✓
✔ ☒ ▣) says what the letter decided, and only its citation is the legal basis. An unticked
option (□ ☐) is blanked out — replaced by "＿" of the same length, so unit offsets and every
quote still map to the verbatim block text. How far an option reaches:

* a box that opens a printed line with no ticked box on that line is a whole option sentence
  ("□ 属于…过程中的信息，因／其内容不确定，…不属于公开的范围。"): it runs to 。；, to the next
  box that opens a line, or to the end of its unit (lines of a PDF paragraph, hard-wrapped docx
  paragraphs), boxes nested in it included;
* any other box is one item of a list ("□国家秘密 ☑商业秘密 □个人隐私"): it runs to the next
  box, 。；, the end of the printed line, or a blank gap between two items (a PDF may print the
  tick mark of "☑商业秘密" at the end of the line, leaving the item itself unboxed).
"""

from __future__ import annotations

from extractors.doctypes.common import Unit

__all__ = ["TICKED", "UNTICKED", "ticked_only"]

TICKED = "☑■√✓✔☒▣"
UNTICKED = "□☐"
_BOXES = TICKED + UNTICKED
_STOP = "。；;"


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
        out.append(Unit(u.block, _blank(u), u.index, u.parts))
    return out, not ticked


def _lines(u: Unit) -> list[tuple[int, int]]:
    """(start, end) in ``u.text`` of each printed line."""
    starts = sorted(u.line_starts())
    return list(zip(starts, [*starts[1:], len(u.text)], strict=True))


def _blank(u: Unit) -> str:
    """``u.text`` with every unticked option blanked (see the module docstring)."""
    text = u.text
    chars = list(text)
    line_starts = u.line_starts()
    lines = _lines(u)
    done = 0
    for i, ch in enumerate(text):
        if ch not in UNTICKED or i < done:
            continue
        a, b = next((a, b) for a, b in lines if a <= i < b)
        sentence = i == a and not any(c in TICKED for c in text[a:b])
        j = i + 1
        while j < len(text) and text[j] not in _STOP:
            if sentence:
                if j in line_starts and text[j] in _BOXES:
                    break
            elif text[j] in _BOXES or j >= b or u.gap_before(j, line_starts):
                break
            j += 1
        for k in range(i, j):
            chars[k] = "＿"
        done = j if sentence else i + 1
    return "".join(chars)
