"""Records -> Whoosh documents: the schema and the mapping onto it.

Every text is indexed twice: exact (toned) and folded, so that a query typed with
tones can rank exact matches first while one typed without finds everything.
``bigrams`` holds adjacent folded syllables: the adjacency boost, and words of two
syllables; ``trigrams`` three adjacent ones: a longer word, name or phrase stands
together where every adjacent triple is present, so no field needs positions.  Facet fields
hold whole values separated by U+001F (values may contain commas).
"""
import json

from whoosh import fields, formats
from whoosh.analysis import RegexTokenizer

from .analysis import BigramAnalyzer, ExactAnalyzer, FoldedAnalyzer, TrigramAnalyzer
from .extract.dates import first_day
from .facet_table import FACET_FIELDS
from .ranking import TITLE_BOOST
from .whoosh_internals import frequency_value

FACET_SEPARATOR = "\x1f"
# The index format: raise it whenever what is indexed, or how it is analysed, changes;
# an index of another format is refused (store.check_format) and must be rebuilt.
#   1  (no FORMAT.json) session 1-2 indexes
#   2  FORMAT.json; Roman numerals after "số" indexed as numbers; a trigrams field
#   3  the province_today facet: the provinces (34 since 1 July 2025) the places named belong to
#   4  bigrams also keep two syllables with only a comma between them ("chay,chua"): comma-written forms;
#      extraction rules of held-out set F (navy ranks, academic titles, bylines, outlets from chrome)
INDEX_FORMAT = 4


def _facet_field():
    field = fields.KEYWORD(stored=False, scorable=False)
    field.analyzer = RegexTokenizer(r"[^\x1f]+")
    return field


class SyllableFrequency(formats.Frequency):
    """Whoosh's Frequency postings, counted from the shared analysis without Token objects.

    Same postings as ``Frequency`` (tests/test_segments.py compares them); indexing
    100,000 articles spent more time making tokens than writing postings.
    """

    def term_counts(self, value, analyzer):
        """{term: count} of a text: what segments.SegmentWriter indexes a field at a time."""
        return analyzer.counts(value)

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        return ((word, count, count * boost, frequency_value(count))
                for word, count in self.term_counts(value, analyzer).items())


def _syllable_field(analyzer, field_boost=1.0, stored=False):
    field = fields.TEXT(analyzer=analyzer, field_boost=field_boost, phrase=False, stored=stored)
    field.format = SyllableFrequency(field_boost=field_boost)
    return field


def make_schema():
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        source=fields.ID(stored=True),
        fingerprint=fields.ID(stored=True),
        title=_syllable_field(ExactAnalyzer(), field_boost=TITLE_BOOST, stored=True),
        title_folded=_syllable_field(FoldedAnalyzer(), field_boost=TITLE_BOOST),
        body=_syllable_field(ExactAnalyzer()),
        body_folded=_syllable_field(FoldedAnalyzer()),
        bigrams=_syllable_field(BigramAnalyzer()),
        trigrams=_syllable_field(TrigramAnalyzer()),
        date=fields.ID(stored=True),
        date_sort=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        record=fields.STORED(),
        **{name: _facet_field() for name in FACET_FIELDS},
    )


def facet_values(record):
    """{facet: [values]} for one record (every facet of facet_table.FACET_FIELDS)."""
    return {
        # the clusters an article is about; one that only mentions others is not counted for them
        "cluster": list(getattr(record, "clusters_about", None) or record.clusters),
        "province": list(record.provinces),
        "province_today": list(record.provinces_today),
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
        "trigrams": both,
        "date": record.date or "",
        "date_sort": int(day.replace("-", "")) if day else 0,
        "record": json.dumps(record.to_dict(), ensure_ascii=False),
    }
    for name, values in facet_values(record).items():
        if values:
            document[name] = FACET_SEPARATOR.join(values)
    return document
