"""Storage: the object store, the key layout, the database schema, migrations and repository.

Modules: ``objectstore`` (S3 bucket or local folder behind one interface), ``layout`` (the
``{year}/{unit_code}/…`` key layout), ``models`` (tables), ``db`` (engines, migrations applied
on first use), ``repo`` (every read and write the phases make). Only this package talks to minio,
urllib3 and SQLAlchemy; their errors leave it as :mod:`kaohe.errors` exceptions.
"""

__all__ = ["db", "layout", "models", "objectstore", "repo"]
