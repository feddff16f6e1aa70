"""The three phases as plain functions on a :class:`~kaohe.context.Context`: ingest, extract,
score. Prefect tasks in ``flows/`` wrap them; the office features call the score phase directly.

Every function is idempotent: running it again with the same inputs writes nothing new. Only
store IO raises :class:`~kaohe.errors.StoreUnavailable` (worth a retry); a bad document is
recorded with a Chinese reason and its batch goes on.
"""
