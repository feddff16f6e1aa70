"""The ``kaohe`` command line: one module per command group, assembled in :mod:`kaohe.cli.main`.

User-facing text is Chinese; heavy imports stay inside commands so ``kaohe extract`` starts fast
and never touches the database, the store or Prefect. This package is the only place that turns
kaohe errors into messages and exit codes.
"""
