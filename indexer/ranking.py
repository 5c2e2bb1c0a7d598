"""The ranking weights, in one place: schema.py writes the title's, evaluate.py scores with the others.

Changing ``TITLE_BOOST`` changes what is indexed (postings' weights): raise INDEX_FORMAT.
The others are read at query time and need no rebuild.
"""

TITLE_BOOST = 2.5  # the title fields' weight against the body (Whoosh's field_boost, in the postings)
B, K1 = 0.75, 1.2  # BM25F, as Whoosh's default scoring
EXACT_BOOST = 3.0  # a syllable typed with its tones, found with them, read tone-insensitively
BIGRAM_BOOST = 2.0  # two syllables typed next to each other, found next to each other
