"""Vietnamese alphabetical order (ICU collation for 'vi'): 'Đà Nẵng' sorts under D."""
import threading

import icu

_local = threading.local()


def vietnamese_sort_key(value):
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = _local.collator = icu.Collator.createInstance(icu.Locale("vi"))
    return collator.getSortKey(value)
