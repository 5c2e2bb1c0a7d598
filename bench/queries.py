"""The fixed query mix, by class: what people type into the box."""

QUERIES = [
    ("folded name", {"q": "nguyen van han"}),
    ("folded name", {"q": "bui quang thanh"}),
    ("folded name", {"q": "le thi hoa"}),
    ("toned word", {"q": "tiền"}),
    ("toned word", {"q": "cờ thi đua"}),
    ("toned word", {"q": "Hòa"}),
    ("common two-syllable", {"q": "thi đua"}),
    ("common two-syllable", {"q": "an ninh"}),
    ("common two-syllable", {"q": "công an"}),
    ("phrase", {"q": '"an ninh quốc gia"'}),
    ("phrase", {"q": '"phong trào thi đua"'}),
    ("empty query + filter", {"cluster": "Cụm thi đua số 3"}),
    ("empty query + filter", {"province": "Nghệ An"}),
    ("empty query + filter", {"year": "2020"}),
    ("deep page", {"q": "công an", "page": "50"}),
    ("deep page", {"q": "thi đua", "page": "100"}),
]


def plain_words(params):
    """The query text other engines get (filters become words for them)."""
    if params.get("q"):
        return params["q"]
    return next(v for k, v in params.items() if k not in ("page",))
