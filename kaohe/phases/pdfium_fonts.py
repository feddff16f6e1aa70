"""Parser processes read PDFs with a pdfium that sees no system fonts.

pdfium maps every non-embedded font of a PDF (``STSong-Light``, ``SimSun`` not embedded: common
in exported government documents) to a system font and reads that font file whole, per
document: with ``fonts-noto-cjk`` installed that is the 26 MB NotoSerifCJK collection, copied
by the kernel for every such PDF — 8 of the parser processes' 33 CPU-seconds over the 5,000
documents of ``benchmarks/pipeline_bench.py``, and 250 such PDFs parsed in 1.9 s against 0.5 s
without system fonts (measured here, issue 9). Text extraction needs no glyphs: characters
come from the PDF's own encodings and CMaps, widths from its ``/W`` arrays. On the 250 docgen
PDFs (non-embedded STSong-Light and Helvetica) and the 77 test PDFs the page text was identical
character for character with and without system fonts (measured); what changes is the tight
glyph box of a non-embedded character, which the parser does not use (running lines are placed
by their baseline, ``extractors.parsing.pdf_reader``).

So a parser worker re-initialises its pdfium, before it opens any document, with a user font
path that holds no fonts. Extraction then also no longer depends on which fonts a machine has
installed. Processes that *render* pages (the web's quote images) keep the system fonts: a
rendered Chinese page needs its glyphs. OCR renders only pages without a text layer (scans),
which draw no fonts.
"""

from __future__ import annotations

import ctypes
import os

__all__ = ["use_no_system_fonts"]

_done = False
#: the path buffers, alive as long as the library that was given them
_keep: list[object] = []


def use_no_system_fonts() -> None:
    """Re-initialise this process's pdfium with no system fonts (idempotent). Call it before
    any PDF is opened in the process: documents open across the re-initialisation would be
    invalidated."""
    global _done
    if _done:
        return
    import pypdfium2  # noqa: F401  # initialises pdfium once, with the system fonts
    import pypdfium2.raw as pdfium_c

    char_p = ctypes.POINTER(ctypes.c_char)
    # not a folder: pdfium's font scan of it finds nothing, and it exists on every machine
    path = ctypes.create_string_buffer(os.devnull.encode())
    paths = (char_p * 2)(ctypes.cast(path, char_p))  # NULL-terminated: the 2nd stays NULL
    config = pdfium_c.FPDF_LIBRARY_CONFIG(
        version=2,
        m_pUserFontPaths=ctypes.cast(paths, ctypes.POINTER(char_p)),
        m_pIsolate=None,
        m_v8EmbedderSlot=0,
    )
    pdfium_c.FPDF_DestroyLibrary()
    pdfium_c.FPDF_InitLibraryWithConfig(config)
    _keep.extend((path, paths))
    _done = True
