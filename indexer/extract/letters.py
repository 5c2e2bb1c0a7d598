"""The letters a Vietnamese name is written with, for the extractors' patterns (persons, bylines, clusters).

Every Latin letter from Basic Latin to Latin Extended-B and Latin Extended Additional
(where the precomposed toned vowels are): "Đ", "Ư", "Ế", "Ỹ" as well as "A".
"""

_LATIN = [chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha() and (c < 0x250 or c >= 0x1E00)]
UPPER = "".join(ch for ch in _LATIN if ch.isupper())
LOWER = "".join(ch for ch in _LATIN if ch.islower())
