"""One exception base for the package; the CLI turns each into a one-line message and
its exit code (listed in indexer/cli.py)."""
import errno


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


class IndexCorrupted(IndexerError):
    """The live generation is damaged (a file missing, cut short or changed since its
    commit): searching it would give wrong answers.  ``build --rebuild`` repairs it
    (article ids are kept: the registry lives outside the generations).  ``problem``
    names what is wrong without any server path (the web app shows it)."""

    exit_code = 5

    def __init__(self, message, problem=None):
        super().__init__(message)
        self.problem = problem or message


class NoPermission(IndexerError):
    """The index directory (or a file in it) cannot be written or read by this user."""

    exit_code = 6


class DiskFull(IndexerError):
    """The disk (or the user's quota) is full."""

    exit_code = 7


class StorageError(IndexerError):
    """Any other input/output error while reading or writing the index."""

    exit_code = 8


_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def from_os_error(error, doing="writing the index"):
    """The IndexerError for an OSError met while ``doing`` something: one line, no traceback."""
    number = getattr(error, "errno", None)
    reason = error.strerror or str(error) or type(error).__name__
    where = f" ({error.filename})" if getattr(error, "filename", None) else ""
    if number in _PERMISSION:
        return NoPermission(f"permission denied while {doing}{where}: {reason}; "
                            "run the build as a user who may write the index directory")
    if number in _FULL:
        return DiskFull(f"the disk is full while {doing}{where}: {reason}; "
                        "the index was left as it was — free some space and run the build again")
    return StorageError(f"input/output error while {doing}{where}: {reason}")
