"""One module per document type: the elements and findings of that type, from a parsed document.

``common`` holds the elements every document has (issuer, date, number); the registry of which
extractor serves which ``doc_type`` is :mod:`extractors.extract`.
"""
