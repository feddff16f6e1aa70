"""kaohe (考核): 政务公开 assessment evidence → auditable score table.

The application package: settings, the CLI and the glue between the phases.
The phase packages are ``extractors`` (pure), ``storage`` (IO), ``scoring`` and ``flows``.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
