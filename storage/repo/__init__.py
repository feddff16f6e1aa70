"""Repository functions: every read and write of kaohe, as plain functions on a Session.

One module per table group: :mod:`~storage.repo.units`, :mod:`~storage.repo.versions`
(submissions as listed in the store), :mod:`~storage.repo.extractions` (parse cache,
extraction results and the facts scoring reads), :mod:`~storage.repo.manual` (the manual-score
log), :mod:`~storage.repo.runs` and :mod:`~storage.repo.scores`.

Callers own the transaction (commit/rollback). Every write is idempotent: unique constraints
plus ``INSERT … ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL) make a repeated or concurrent
call write nothing new and return the existing row.
"""
