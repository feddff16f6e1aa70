"""One module per document type: the elements and findings of that type, from a parsed document.

``common`` holds the elements every document has (issuer, date, number); the registry of which
extractor serves which ``doc_type`` is :mod:`extractors.extract`.
"""

# issue 11: the crawl record kaohe writes itself is a registered type beyond the contract's
# table; registered here so the classifier knows it wherever it is used
from extractors.doctypes.registry import register as _register
from extractors.doctypes.website_crawl import extract_website_crawl as _crawl

_register("website_crawl", _crawl)
