"""The index directory: generations, the pointer to the live one, and the build lock.

    index/
      CURRENT          name of the live generation (replaced atomically)
      gen-…/           Whoosh indexes; a full rebuild writes a new one beside the live one
        FORMAT.json    the format version it was written with and the source folder it indexes
        CHECKSUMS.json SHA-256 and size of every file of the last commit (written after it)
        GROUPS.json    syndicated copies grouped (groups.py), rewritten after every commit
      PREVIOUS         the generation live before CURRENT's (kept for readers still in it)
      registry.json    stable ids (see ids.py), outside what a rebuild replaces
      registry.json.bak  the same, written at each commit too (a damaged registry is restored from it)
      removed.json     its removed entries alone, for the app's 410 answers (written with it)
      .build.lock      held by the one build allowed at a time

Readers open whatever CURRENT names; small updates commit into the live
generation in place, a rebuild swaps CURRENT once its generation is complete.

Damage is detected, not served: ``open_live`` refuses a generation that is missing
or lacks a segment file (IndexCorrupted); ``check_checksums`` compares the files
with the manifest written at the last commit (sizes only, or whole SHA-256);
``verify`` also reads every term's postings, every stored document and every
column.  A build starts with ``sweep`` (what failed or killed builds left: partial
generations, temporary files, segments no commit refers to) and a failed update
ends with ``clean_generation``.
"""
import errno
import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import time
import uuid
from contextlib import contextmanager

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from . import whoosh_internals
from .errors import IndexBusy, IndexCorrupted, StaleIndex, UsageError
from .schema import INDEX_FORMAT, make_schema

POINTER = "CURRENT"
PREVIOUS = "PREVIOUS"
LOCK = ".build.lock"
GENERATION_PREFIX = "gen-"
FORMAT_FILE = "FORMAT.json"
CHECKSUMS_FILE = "CHECKSUMS.json"
GROUPS_FILE = "GROUPS.json"
INDEX_NAME = "MAIN"  # Whoosh's default index name inside a generation
_HASH_CHUNK = 1 << 20


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
    source = shlex.quote(source or "SOURCE")
    return f"python -m indexer build --rebuild --source {source} --index {shlex.quote(index_dir)}"


def check_format(index_dir, generation):
    """The generation's info; StaleIndex (with the command that rebuilds it) on a format mismatch."""
    info = generation_info(index_dir, generation)
    if info.get("format") != INDEX_FORMAT:
        raise StaleIndex(
            f"the index in {index_dir!r} was written in format {info.get('format')} and this version reads "
            f"format {INDEX_FORMAT}; rebuild it with '{rebuild_command(index_dir, info.get('source'))}'")
    return info


def generation_missing(index_dir, generation):
    """True when CURRENT names a generation whose folder is gone."""
    return generation is not None and not os.path.isdir(os.path.join(index_dir, generation))


def _missing_generation(index_dir, generation):
    return IndexCorrupted(
        f"{POINTER} names the generation {generation}, which is missing from {index_dir!r}; "
        f"the next 'python -m indexer build' builds a new one",
        f"the live generation {generation} is missing; the next build makes a new one")


def committed_files(path):
    """(TOC generation, {segment id: segment}, [file names of the commit that exist]) of a
    generation folder: the files the last commit refers to."""
    storage = FileStorage(path)
    toc_generation = whoosh_internals.latest_toc_generation(storage, INDEX_NAME)
    if toc_generation < 0:
        raise whoosh_index.EmptyIndexError(f"no table of contents in {path!r}")
    toc = whoosh_index.TOC.read(storage, INDEX_NAME, toc_generation)
    segments = {segment.segment_id(): segment for segment in toc.segments}
    pattern = whoosh_internals.segment_file_pattern(INDEX_NAME)
    files = [whoosh_internals.toc_filename(INDEX_NAME, toc_generation)]
    for name in sorted(os.listdir(path)):
        match = pattern.match(name)
        if match and match.group(1) in segments and os.path.isfile(os.path.join(path, name)):
            files.append(name)
    return toc_generation, segments, files


def _expected_files(segments):
    """The files every segment must have (W3 codec): its terms and postings, or one compound file."""
    for segment_id, segment in segments.items():
        if getattr(segment, "compound", False):
            yield f"{segment_id}.seg"
        else:
            yield f"{segment_id}.trm"
            yield f"{segment_id}.pst"


def _latest_toc(path):
    try:
        return whoosh_internals.latest_toc_generation(FileStorage(path), INDEX_NAME)
    except OSError:
        return None


def open_live(index_dir):
    """(generation, Whoosh index) of the live generation; UsageError when there is none,
    StaleIndex when it was written in another format, IndexCorrupted when its folder or
    a segment file is missing or it cannot be opened.  A searcher is opened (and closed)
    here, so a caller never holds an index that fails on first use.  A build that
    commits or swaps generations meanwhile is not damage: the open is tried again."""
    for attempt in range(3):
        generation = current_generation(index_dir)
        if generation is None:
            raise UsageError(f"no index in {index_dir!r}: build one with 'python -m indexer build'")
        if generation_missing(index_dir, generation):
            raise _missing_generation(index_dir, generation)
        check_format(index_dir, generation)
        path = os.path.join(index_dir, generation)
        toc = _latest_toc(path)
        try:
            return generation, _open_generation(index_dir, generation, path)
        except IndexCorrupted:
            moved = current_generation(index_dir) != generation or _latest_toc(path) != toc
            if attempt == 2 or not moved:
                raise


def _open_generation(index_dir, generation, path):
    try:
        _toc, segments, files = committed_files(path)
        missing = sorted(set(_expected_files(segments)) - set(files))
        if missing:
            problem = f"{', '.join(missing[:3])} {'is' if len(missing) == 1 else 'are'} missing from {generation}"
            raise IndexCorrupted(f"the index in {index_dir!r} is damaged: {problem}; "
                                 f"repair it with '{rebuild_command(index_dir, _source_of(index_dir, generation))}'",
                                 problem)
        index = whoosh_index.open_dir(path)
        index.searcher().close()
        return index
    except IndexCorrupted:
        raise
    except PermissionError as error:
        from .errors import from_os_error

        raise from_os_error(error, f"opening the index in {index_dir!r}") from None
    except Exception as error:  # a file that vanished, a cut or garbled table of contents or segment
        problem = f"{generation} cannot be opened ({type(error).__name__}: {getattr(error, 'strerror', None) or error})"
        raise IndexCorrupted(f"the index in {index_dir!r} is damaged: {problem}; "
                             f"repair it with '{rebuild_command(index_dir, _source_of(index_dir, generation))}'",
                             problem.replace(path, generation)) from None


def _source_of(index_dir, generation):
    try:
        return generation_info(index_dir, generation).get("source")
    except UsageError:
        return None


# -- checksums -----------------------------------------------------------------
def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_checksums(path):
    """The manifest of a generation folder, or None (none written, or unreadable)."""
    try:
        with open(os.path.join(path, CHECKSUMS_FILE), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return None
    return manifest


def write_checksums(index_dir, generation):
    """Write the manifest of the generation's last commit: size and SHA-256 of each of its
    files.  Segment files never change once written, so a file already in the previous
    manifest with the same size and modification time keeps its checksum (an update
    hashes only its new segments)."""
    path = os.path.join(index_dir, generation)
    toc_generation, _segments, files = committed_files(path)
    previous = (read_checksums(path) or {}).get("files", {})
    entries = {}
    for name in files:
        info = os.stat(os.path.join(path, name))
        known = previous.get(name)
        if known and known.get("size") == info.st_size and known.get("mtime_ns") == info.st_mtime_ns:
            entries[name] = known
        else:
            entries[name] = {"size": info.st_size, "mtime_ns": info.st_mtime_ns,
                             "sha256": _sha256(os.path.join(path, name))}
    _write_json_atomically(os.path.join(path, CHECKSUMS_FILE), {"toc": toc_generation, "files": entries})


def write_groups(index_dir, generation, manifest):
    _write_json_atomically(os.path.join(index_dir, generation, GROUPS_FILE), manifest)


def groups_stamp(index_dir, generation):
    """What tells one GROUPS.json from the next (an update rewrites it in place), or None without one."""
    try:
        info = os.stat(os.path.join(index_dir, generation, GROUPS_FILE))
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def read_groups(index_dir, generation):
    """A generation's groups manifest; {} when it has none or it cannot be read (an index
    built before grouping, or a damaged file: nothing is grouped, nothing fails)."""
    try:
        with open(os.path.join(index_dir, generation, GROUPS_FILE), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or not isinstance(manifest.get("groups"), list):
        return {}
    return manifest


def write_atomically(path, text, encoding="utf-8"):
    """Write ``text`` (or bytes) to ``path`` whole or not at all: a temporary file, synced, then renamed
    (a reader sees the old content or the new one; a failed write leaves no temporary file)."""
    temporary = path + ".tmp"
    try:
        with (open(temporary, "wb") if isinstance(text, bytes) else open(temporary, "w", encoding=encoding)) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


def _write_json_atomically(path, data):
    write_atomically(path, json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def check_checksums(index_dir, generation, full=True, verified=None):
    """[problems] of the generation's files against its manifest: a file of the commit
    missing, of another size, or (``full``) with another SHA-256.  [] when they agree
    or when no manifest covers the commit (an index written before manifests); None
    when an update committed meanwhile (the answer would be stale: ask again).
    ``verified`` (a set kept by the caller) remembers files already found intact, so a
    server re-checking after each commit hashes only the new segments."""
    path = os.path.join(index_dir, generation)
    if not os.path.isdir(path):
        return [f"the generation {generation} is missing"]
    manifest = read_checksums(path)
    if manifest is None:
        return []
    try:
        toc_generation, segments, files = committed_files(path)
    except Exception as error:
        return [f"the table of contents cannot be read ({type(error).__name__}: {error})"]
    problems = [f"{name} is missing" for name in sorted(set(_expected_files(segments)) - set(files))]
    present = set(files)
    try:
        problems.extend(_compare(path, manifest, toc_generation, segments, present, full, verified))
    except FileNotFoundError as error:
        problems.append(f"{os.path.basename(error.filename or '?')} is missing")
    storage = FileStorage(path)
    if problems and whoosh_internals.latest_toc_generation(storage, INDEX_NAME) != toc_generation:
        return None  # an update committed while we looked: nothing can be told; look again
    return list(dict.fromkeys(problems))


def _compare(path, manifest, toc_generation, segments, present, full, verified=None):
    problems = []
    for name, entry in sorted(manifest["files"].items()):
        if manifest.get("toc") != toc_generation and not name.startswith(INDEX_NAME + "_"):
            continue  # the table of contents of an older commit
        segment = re.match(rf"({INDEX_NAME}_[0-9a-z]+)\.", name)
        if segment and segment.group(1) not in segments:
            continue  # a segment merged away since
        if name not in present:
            problems.append(f"{name} is missing")
            continue
        file_path = os.path.join(path, name)
        info = os.stat(file_path)
        if info.st_size != entry.get("size"):
            problems.append(f"{name} has {info.st_size} bytes, {entry.get('size')} at its commit")
        elif full:
            key = (file_path, info.st_size, info.st_mtime_ns, info.st_ino, entry.get("sha256"))
            if verified is not None and key in verified:
                continue
            if _sha256(file_path) != entry.get("sha256"):
                problems.append(f"{name} has changed since its commit (SHA-256 differs)")
            elif verified is not None:
                verified.add(key)
    return problems


# -- reading everything ----------------------------------------------------------
def verify(index_dir, notify=None, quick=False):
    """Check the whole live generation: its files against the manifest (SHA-256), then
    open every segment and read every term's postings, every stored document and every
    per-document column (not with ``quick``: about 160 articles a second).  Returns
    {generation, documents, segments, terms, checksums, problems}."""
    notify = notify or (lambda message: None)
    generation = current_generation(index_dir)
    if generation is None:
        raise UsageError(f"no index in {index_dir!r}: build one with 'python -m indexer build'")
    report = {"generation": generation, "documents": 0, "segments": 0, "terms": 0, "checksums": False,
              "problems": []}
    if generation_missing(index_dir, generation):
        report["problems"].append(str(_missing_generation(index_dir, generation)))
        return report
    check_format(index_dir, generation)
    report["checksums"] = read_checksums(os.path.join(index_dir, generation)) is not None
    report["problems"].extend(check_checksums(index_dir, generation, full=True) or [])
    try:
        _generation, index = open_live(index_dir)
    except IndexCorrupted as error:
        report["problems"].append(str(error))
        return report
    with index.searcher() as searcher:
        reader = searcher.reader()
        for segment, _offset in reader.leaf_readers():
            report["segments"] += 1
            name = segment.segment().segment_id()
            if quick:
                continue
            notify(f"reading segment {name} ({segment.doc_count_all()} documents)")
            for problem in _read_segment(segment, report):
                report["problems"].append(f"segment {name}: {problem}")
        report["documents"] = reader.doc_count()
    return report


def _read_segment(segment, report):
    """Read everything in one segment; yield what could not be read."""
    for fieldname in segment.indexed_field_names():
        try:
            for term in segment.lexicon(fieldname):
                report["terms"] += 1
                for _block in whoosh_internals.posting_blocks(segment.postings(fieldname, term), values=True):
                    pass
        except Exception as error:
            yield f"the postings of field {fieldname} cannot be read ({type(error).__name__}: {error})"
    count = segment.doc_count_all()
    try:
        for docnum in range(count):
            segment.stored_fields(docnum)
    except Exception as error:
        yield f"stored document {docnum} cannot be read ({type(error).__name__}: {error})"
    perdoc = whoosh_internals.per_document_reader(segment)
    for fieldname in segment.schema.names():
        try:
            if segment.has_column(fieldname):
                column = whoosh_internals.column_reader(segment, fieldname)
                for docnum in range(count):
                    column[docnum]
            lengths = whoosh_internals.lengths_reader(perdoc, fieldname) if count else None
            if lengths is not None:
                for docnum in range(count):
                    lengths[docnum]
        except Exception as error:
            yield f"the column of field {fieldname} cannot be read ({type(error).__name__}: {error})"


# -- what failed and killed builds leave ---------------------------------------
def _remove(path):
    """Remove a file or folder if it can be (cleaning up is best effort: a read-only
    folder keeps its debris, and the failure that matters is reported elsewhere)."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.remove(path)
    except OSError:
        pass


_TEMPORARY_TOC = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\..+$")


def clean_generation(path):
    """Remove from a generation folder what its last commit does not refer to: segments of
    a failed or killed update, Whoosh's temporary folder and tables of contents."""
    try:
        _toc_generation, _segments, files = committed_files(path)
    except Exception:
        return []  # no readable commit: nothing can be told apart safely
    keep = set(files) | {FORMAT_FILE, CHECKSUMS_FILE, GROUPS_FILE, f"{INDEX_NAME}_WRITELOCK"}
    segment_pattern = whoosh_internals.segment_file_pattern(INDEX_NAME)
    toc_pattern = whoosh_internals.toc_file_pattern(INDEX_NAME)
    removed = []
    for name in os.listdir(path):
        if name in keep:
            continue
        if (segment_pattern.match(name) or toc_pattern.match(name) or _TEMPORARY_TOC.match(name)
                or name.endswith(".tmp")):
            _remove(os.path.join(path, name))
            removed.append(name)
    return removed


def sweep(index_dir):
    """At the start of a build (holding the lock): remove generations neither live nor
    kept for readers (partial ones of killed or failed builds), temporary files, and
    what no commit refers to in the live generation.  Returns what was removed."""
    live = current_generation(index_dir)
    keep = {live, _read_name(os.path.join(index_dir, PREVIOUS))}
    removed = []
    for name in os.listdir(index_dir):
        path = os.path.join(index_dir, name)
        if name.startswith(GENERATION_PREFIX) and name not in keep and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(name)
        elif name.endswith(".tmp"):
            _remove(path)
            removed.append(name)
    if live and not generation_missing(index_dir, live):
        removed.extend(f"{live}/{name}" for name in clean_generation(os.path.join(index_dir, live)))
    return removed


def _read_name(path):
    try:
        with open(path, encoding="ascii") as handle:
            name = handle.read().strip()
    except (OSError, ValueError):
        return None
    return name if name.startswith(GENERATION_PREFIX) else None


def new_generation(index_dir, source_dir):
    """(name, Whoosh index) of a fresh, empty generation, not yet live; it records its
    format version and (absolute) source folder."""
    name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path = os.path.join(index_dir, name)
    os.makedirs(path)
    try:
        info = {"format": INDEX_FORMAT, "source": os.path.abspath(source_dir),
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        with open(os.path.join(path, FORMAT_FILE), "w", encoding="utf-8") as handle:
            json.dump(info, handle, ensure_ascii=False, indent=2)
        return name, whoosh_index.create_in(path, make_schema())
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def publish(index_dir, generation):
    """Make ``generation`` the live one (atomic rename), then drop older generations.

    The generation that was live just before is kept, so a reader that opened it a
    moment ago can finish its request.
    """
    previous = current_generation(index_dir)
    if generation_missing(index_dir, previous):
        previous = None
    _write_name(os.path.join(index_dir, POINTER), generation)
    if previous and previous != generation:
        _write_name(os.path.join(index_dir, PREVIOUS), previous)
    keep = {generation, previous}
    for name in os.listdir(index_dir):
        if name.startswith(GENERATION_PREFIX) and name not in keep:
            shutil.rmtree(os.path.join(index_dir, name), ignore_errors=True)


def _write_name(path, name):
    write_atomically(path, name + "\n", encoding="ascii")


def discard(index_dir, generation):
    shutil.rmtree(os.path.join(index_dir, generation), ignore_errors=True)


@contextmanager
def build_lock(index_dir):
    """Hold the index's build lock, or raise IndexBusy at once."""
    from .errors import from_os_error

    try:
        os.makedirs(index_dir, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:
        raise UsageError(f"cannot create the index directory {index_dir!r}: {error.strerror}") from None
    except OSError as error:
        raise from_os_error(error, f"creating the index directory {index_dir!r}") from None
    try:
        handle = open(os.path.join(index_dir, LOCK), "a+")  # noqa: SIM115 - held until the build ends (finally)
    except OSError as error:
        raise from_os_error(error, f"opening the build lock of {index_dir!r}") from None
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
