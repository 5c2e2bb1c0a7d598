"""Records -> Whoosh documents: the schema and the mapping onto it.

Every text is indexed twice: exact (toned) and folded, so that a query typed with
tones can rank exact matches first while one typed without finds everything.
``bigrams`` holds adjacent folded syllables: the adjacency boost, and phrases
(every adjacent pair present), so no field needs positions.  Facet fields
hold whole values separated by U+001F (values may contain commas).
"""
import json

from whoosh import fields
from whoosh.analysis import RegexTokenizer

from .analysis import BigramAnalyzer, ExactAnalyzer, FoldedAnalyzer
from .extract.dates import first_day

FACET_SEPARATOR = "\x1f"
FACET_FIELDS = ("cluster", "province", "person", "outlet", "year", "month")
SCHEMA_VERSION = 1


def _facet_field():
    field = fields.KEYWORD(stored=False, scorable=False)
    field.analyzer = RegexTokenizer(r"[^\x1f]+")
    return field


def make_schema():
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        source=fields.ID(stored=True),
        fingerprint=fields.ID(stored=True),
        title=fields.TEXT(analyzer=ExactAnalyzer(), stored=True, field_boost=2.5, phrase=False),
        title_folded=fields.TEXT(analyzer=FoldedAnalyzer(), field_boost=2.5, phrase=False),
        body=fields.TEXT(analyzer=ExactAnalyzer(), phrase=False),
        body_folded=fields.TEXT(analyzer=FoldedAnalyzer(), phrase=False),
        bigrams=fields.TEXT(analyzer=BigramAnalyzer(), phrase=False),
        date=fields.ID(stored=True),
        date_sort=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        record=fields.STORED(),
        **{name: _facet_field() for name in FACET_FIELDS},
    )


def facet_values(record):
    """{facet: [values]} for one record."""
    return {
        "cluster": list(record.clusters),
        "province": list(record.provinces),
        "person": [p["name"] for p in record.persons],
        "outlet": [record.outlet] if record.outlet else [],
        "year": [record.year] if record.year else [],
        "month": [record.month] if record.month else [],
    }


def indexed_texts(record):
    """The texts the analyzers see: title, body, and both for the bigrams."""
    body = record.body
    return record.title, body, record.title + "\n" + body


def to_document(record):
    """The Whoosh document of a record (its id already assigned)."""
    title, body, both = indexed_texts(record)
    day = first_day(record.date)
    document = {
        "id": record.id,
        "source": record.source,
        "fingerprint": record.fingerprint,
        "title": title,
        "title_folded": title,
        "body": body,
        "body_folded": body,
        "bigrams": both,
        "date": record.date or "",
        "date_sort": int(day.replace("-", "")) if day else 0,
        "record": json.dumps(record.to_dict(), ensure_ascii=False),
    }
    for name, values in facet_values(record).items():
        if values:
            document[name] = FACET_SEPARATOR.join(values)
    return document
