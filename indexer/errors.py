"""One exception base for the package; the CLI turns each into a message and exit code."""


class IndexerError(Exception):
    """Base class: ``str(error)`` is the one-line message shown to the user."""

    exit_code = 2


class UsageError(IndexerError):
    """A missing source or index, or a bad option."""

    exit_code = 2


class IndexBusy(IndexerError):
    """Another build holds the index's lock."""

    exit_code = 3


class SkipFile(IndexerError):
    """A file that cannot be indexed; the reason names why, the build goes on."""

    exit_code = 1


class StaleIndex(IndexerError):
    """The index was written by another format version: it must be rebuilt, not read."""

    exit_code = 4
