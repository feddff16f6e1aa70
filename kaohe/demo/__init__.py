"""The demo: a fixed corpus of realistic submissions (four units) and the docx/pdf writer behind it.

Used by ``kaohe demo``, by the tests and by the benchmarks; never by the pipeline itself.
"""

from kaohe.demo.corpus import BAD_KEYS, DemoFile, bulk_files, demo_files, write_demo_corpus

__all__ = ["BAD_KEYS", "DemoFile", "bulk_files", "demo_files", "write_demo_corpus"]
