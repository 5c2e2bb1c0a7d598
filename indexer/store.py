"""The index directory: generations, the pointer to the live one, and the build lock.

    index/
      CURRENT          name of the live generation (replaced atomically)
      gen-…/           Whoosh indexes; a full rebuild writes a new one beside the live one
        FORMAT.json    the format version it was written with and the source folder it indexes
      registry.json    stable ids (see ids.py), outside what a rebuild replaces
      .build.lock      held by the one build allowed at a time

Readers open whatever CURRENT names; small updates commit into the live
generation in place, a rebuild swaps CURRENT once its generation is complete.
"""
import errno
import fcntl
import json
import os
import shlex
import shutil
import time
import uuid
from contextlib import contextmanager

from whoosh import index as whoosh_index

from .errors import IndexBusy, StaleIndex, UsageError
from .schema import INDEX_FORMAT, make_schema

POINTER = "CURRENT"
LOCK = ".build.lock"
GENERATION_PREFIX = "gen-"
FORMAT_FILE = "FORMAT.json"


def current_generation(index_dir):
    """The live generation's name, or None when the directory holds no index."""
    try:
        with open(os.path.join(index_dir, POINTER), encoding="ascii") as handle:
            name = handle.read().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name if name.startswith(GENERATION_PREFIX) else None


def generation_info(index_dir, generation):
    """What FORMAT.json says of a generation ({} for one written before it existed: format 1)."""
    try:
        with open(os.path.join(index_dir, generation, FORMAT_FILE), encoding="utf-8") as handle:
            info = json.load(handle)
    except (FileNotFoundError, NotADirectoryError):
        return {"format": 1}
    except (OSError, ValueError) as error:
        raise UsageError(f"the index in {index_dir!r} has an unreadable {FORMAT_FILE}: {error}") from None
    return info if isinstance(info, dict) else {"format": None}


def rebuild_command(index_dir, source=None):
    return f"python -m indexer build --rebuild --source {shlex.quote(source or 'SOURCE')} --index {shlex.quote(index_dir)}"


def check_format(index_dir, generation):
    """The generation's info; StaleIndex (with the command that rebuilds it) on a format mismatch."""
    info = generation_info(index_dir, generation)
    if info.get("format") != INDEX_FORMAT:
        raise StaleIndex(
            f"the index in {index_dir!r} was written in format {info.get('format')} and this version reads "
            f"format {INDEX_FORMAT}; rebuild it with '{rebuild_command(index_dir, info.get('source'))}'")
    return info


def open_live(index_dir):
    """(generation, Whoosh index) of the live generation; UsageError when there is none,
    StaleIndex when it was written in another format."""
    generation = current_generation(index_dir)
    if generation is None:
        raise UsageError(f"no index in {index_dir!r}: build one with 'python -m indexer build'")
    check_format(index_dir, generation)
    path = os.path.join(index_dir, generation)
    try:
        return generation, whoosh_index.open_dir(path)
    except (whoosh_index.EmptyIndexError, OSError) as error:
        raise UsageError(f"the index in {index_dir!r} cannot be opened: {error}") from None


def new_generation(index_dir, source_dir):
    """(name, Whoosh index) of a fresh, empty generation, not yet live; it records its
    format version and (absolute) source folder."""
    name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path = os.path.join(index_dir, name)
    os.makedirs(path)
    info = {"format": INDEX_FORMAT, "source": os.path.abspath(source_dir),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    with open(os.path.join(path, FORMAT_FILE), "w", encoding="utf-8") as handle:
        json.dump(info, handle, ensure_ascii=False, indent=2)
    return name, whoosh_index.create_in(path, make_schema())


def publish(index_dir, generation):
    """Make ``generation`` the live one (atomic rename), then drop older generations.

    The generation that was live just before is kept, so a reader that opened it a
    moment ago can finish its request.
    """
    previous = current_generation(index_dir)
    temporary = os.path.join(index_dir, POINTER + ".tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(generation + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, os.path.join(index_dir, POINTER))
    keep = {generation, previous}
    for name in os.listdir(index_dir):
        if name.startswith(GENERATION_PREFIX) and name not in keep:
            shutil.rmtree(os.path.join(index_dir, name), ignore_errors=True)


def discard(index_dir, generation):
    shutil.rmtree(os.path.join(index_dir, generation), ignore_errors=True)


@contextmanager
def build_lock(index_dir):
    """Hold the index's build lock, or raise IndexBusy at once."""
    try:
        os.makedirs(index_dir, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the index directory {index_dir!r}: {error.strerror}") from None
    handle = open(os.path.join(index_dir, LOCK), "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise IndexBusy(f"another build is updating {index_dir!r}; try again when it has finished") from None
            raise
        yield
    finally:
        handle.close()
