"""Looking up one article for a view: the record, or a 404, or a 410 that explains itself."""
from flask import abort
from werkzeug.exceptions import Gone

from . import engine


class ArticleGone(Gone):
    """A removed article: carries its title and date so a link in someone's notes explains itself."""

    def __init__(self, article_id, removed):
        title, date = removed.get("title"), removed.get("date")
        super().__init__(f"article {article_id} was removed from the archive: {title!r} ({date or 'no date'})")
        self.article_id = article_id
        self.removed = removed


def article_or_error(article_id):
    record = engine().get(article_id)
    if record is not None:
        return record
    removed = engine().removed(article_id)
    if removed:
        raise ArticleGone(article_id, removed)
    abort(404, f"no article with id {article_id!r}")
