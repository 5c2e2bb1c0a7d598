"""NUL bytes past the first 8 KB are dropped from the text, not kept in paragraphs."""
from indexer.extract.reader import read_text


def test_nul_bytes_anywhere_are_removed(tmp_path):
    path = tmp_path / "a.txt"
    body = ("Công an tỉnh Nghệ An tổ chức hội nghị tổng kết phong trào thi đua. " * 200).encode("utf-8")
    path.write_bytes(body + "Cu\x00m thi \x00\x00đua\n".encode())
    text = read_text(str(path))
    assert "\x00" not in text and text.rstrip().endswith("Cum thi đua")
