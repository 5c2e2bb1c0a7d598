"""Records -> the Whoosh index: discovery, incremental updates and full rebuilds.

One bad file never costs a good one: each file that cannot be read or parsed is
named in the summary with its reason, and an article indexed earlier stays as it
was when its file turns unreadable.
"""
import json
import multiprocessing
import os
import signal
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from . import store
from .analysis import analyse, remember_analysis
from .errors import SkipFile, UsageError
from .extract import Record, extract_record, fingerprint
from .extract.reader import read_text
from .ids import Registry
from .schema import indexed_texts, to_document
from .segments import SegmentWriter


@dataclass
class BuildSummary:
    mode: str
    source: str
    index: str
    generation: str = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    documents: int = 0
    skipped: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self):
        return 1 if self.skipped else 0

    def to_dict(self):
        return {
            "mode": self.mode, "source": self.source, "index": self.index,
            "generation": self.generation, "added": self.added, "updated": self.updated,
            "unchanged": self.unchanged, "removed": self.removed, "documents": self.documents,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "seconds": round(self.seconds, 3),
        }


def discover(source_dir):
    """([(relative path, absolute path)], [(path, reason)]) of the files under a folder.

    Hidden files and folders are left out; symlinked folders are not followed (no loops).
    """
    if not os.path.isdir(source_dir):
        raise UsageError(f"source folder {source_dir!r} does not exist")
    found, problems = [], []

    def on_error(error):
        problems.append((os.path.relpath(error.filename, source_dir), f"cannot read folder: {error.strerror}"))

    for folder, subfolders, files in os.walk(source_dir, onerror=on_error):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, source_dir).replace(os.sep, "/")
            if os.path.islink(path) and not os.path.exists(path):
                problems.append((relative, "broken or looping symbolic link"))
                continue
            found.append((relative, path))
    return found, problems


def _stub(relative, known):
    """A record standing for an unchanged indexed article (no re-extraction)."""
    return Record(source=relative, title=known.get("title") or "", paragraphs=[],
                  fingerprint=known["fingerprint"], date=known.get("date"), id=known["id"])


def _indexed(ix, registry):
    """{source: {id, fingerprint, title, date, size, mtime_ns}} of what the index holds.

    The registry knows it without reading 100,000 stored documents; when it does
    not match the index (a build died between commit and registry), the index is read.
    """
    with ix.searcher() as searcher:
        count = searcher.doc_count()
        if count == len(registry.live):
            return {entry["source"]: dict(entry, id=article_id) for article_id, entry in registry.live.items()}
        indexed = {}
        for stored in searcher.all_stored_fields():
            data = json.loads(stored["record"])
            indexed[stored["source"]] = {"id": stored["id"], "fingerprint": stored["fingerprint"],
                                         "title": data["title"], "date": data.get("date")}
        return indexed


def prepare(task):
    """(relative, status, payload) for one file — the part of a build that runs in workers.

    status is "changed" (payload: the record and the analyses of its texts),
    "unchanged" (same text as indexed) or "skipped" (payload: the reason).
    """
    relative, path, previous_fingerprint, analyse_texts = task
    try:
        text = read_text(path)
        if fingerprint(text) == previous_fingerprint:
            return relative, "unchanged", None
        try:
            record = extract_record(text, relative)
        except Exception as error:  # an extraction bug must not cost other files
            raise SkipFile(f"could not be parsed ({type(error).__name__}: {error})") from None
        if not record.paragraphs:
            raise SkipFile("only boilerplate, no article text")
        analyses = [(t, analyse(t)) for t in dict.fromkeys(indexed_texts(record))] if analyse_texts else []
        return relative, "changed", (record, analyses)
    except SkipFile as skip:
        return relative, "skipped", str(skip)


def _end_with_parent(parent):
    """Worker initializer: a build killed with -9 takes its workers with it (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before the signal was armed
        os._exit(1)


def _stat(path):
    try:
        info = os.stat(path)
        return info.st_size, info.st_mtime_ns
    except OSError:
        return None


IN_FLIGHT_PER_JOB = 32


def _bounded_map(pool, function, items, jobs):
    """pool.map in order, with at most a few dozen results waiting: the one writer is
    slower than the workers, and unbounded results would fill memory at 100,000 files."""
    pending = deque()
    limit = IN_FLIGHT_PER_JOB * jobs
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= limit:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _records(files, indexed, summary, progress, jobs, stats):
    """Yield (record, changed) per file, in file order; fills summary.skipped and stats.

    A file whose size and modification time match the indexed one is not read again.
    Unchanged articles come as stubs; an article indexed before whose file now fails
    to read is kept as it was.
    """
    tasks = []
    for relative, path in files:
        known = indexed.get(relative)
        stats[relative] = _stat(path)
        if known and stats[relative] and [known.get("size"), known.get("mtime_ns")] == list(stats[relative]):
            tasks.append((relative, None, None, False))  # unchanged by its stat
        else:
            tasks.append((relative, path, known and known["fingerprint"], jobs > 1))
    pool = None
    if jobs > 1 and sum(1 for t in tasks if t[1]) >= 2 * jobs:
        # spawn, not fork: workers hold no copy of the build lock and end with their parent
        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_end_with_parent, initargs=(os.getpid(),))
    try:
        work = [t for t in tasks if t[1]]
        results = _bounded_map(pool, prepare, work, jobs) if pool else map(prepare, work)
        for relative, path, _previous, _analyse in progress(tasks, len(tasks)):
            if path is None:
                yield _stub(relative, indexed[relative]), False
                continue
            _relative, status, payload = next(results)
            if status == "changed":
                record, analyses = payload
                for text, syllables in analyses:
                    remember_analysis(text, syllables)
                yield record, True
            elif status == "unchanged":
                yield _stub(relative, indexed[relative]), False
            else:
                summary.skipped.append((relative, payload))
                if relative in indexed:  # keep what was indexed before
                    yield _stub(relative, indexed[relative]), False
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def build(source_dir, index_dir, rebuild=False, progress=None, jobs=1):
    """Index every file under ``source_dir`` into ``index_dir``; returns a BuildSummary.

    On an existing index (and without ``rebuild``) the update commits in place;
    otherwise a new generation is written beside the live one and swapped in once
    complete.  ``jobs`` worker processes read and analyse files; one writer indexes.
    """
    progress = progress or (lambda items, total: items)
    started = time.monotonic()
    with store.build_lock(index_dir):
        files, problems = discover(source_dir)
        live = None if rebuild else store.current_generation(index_dir)
        summary = BuildSummary(mode="incremental" if live else "full", source=source_dir, index=index_dir)
        summary.skipped.extend(problems)
        registry = Registry.load(index_dir)
        registry.begin(relative for relative, _path in files)
        if live:
            generation, ix = store.open_live(index_dir)
            indexed = _indexed(ix, registry)
        else:
            generation, ix = store.new_generation(index_dir)
            indexed = {}
        # compound=False: Whoosh reads a compound segment by copying each part into memory
        # (BytesIO over the mmap), ~600 MB per worker at 100,000 articles; separate files are read in place.
        writer = SegmentWriter(ix, limitmb=256, compound=False)
        previous_ids = {known["id"] for known in indexed.values()}
        stats = {}
        committed = False
        try:
            current_ids = set()
            for record, changed in _records(files, indexed, summary, progress, jobs, stats):
                registry.claim(record, stats.get(record.source))
                current_ids.add(record.id)
                if not changed:
                    summary.unchanged += 1
                elif record.id in previous_ids:
                    summary.updated += 1
                    writer.update_document(**to_document(record))
                else:
                    summary.added += 1
                    (writer.update_document if live else writer.add_document)(**to_document(record))
            for article_id in previous_ids - current_ids:
                writer.delete_by_term("id", article_id)
            if live and not (summary.added or summary.updated or previous_ids - current_ids):
                writer.cancel()  # nothing changed: leave the index as it is
            else:
                writer.commit(optimize=not live)
            committed = True
            if not live:
                store.publish(index_dir, generation)
        except BaseException:
            if not committed:
                writer.cancel()
            if not live:
                store.discard(index_dir, generation)
            raise
        removed = registry.finish()
        registry.save(index_dir)
        summary.removed = len(previous_ids - current_ids) if live else len(removed)
        summary.generation = generation
        summary.documents = len(current_ids)
        summary.seconds = time.monotonic() - started
        return summary
