"""Records -> the Whoosh index: discovery, incremental updates and full rebuilds.

One bad file never costs a good one: each file that cannot be read or parsed is
named in the summary with its reason, and an article indexed earlier stays as it
was when its file turns unreadable.

A build that fails leaves the index as it was and nothing behind: a failed update
removes the segments it wrote (``store.clean_generation``), a failed rebuild its
generation; what a killed build left is swept at the start of the next
(``store.sweep``).  An update first checks the live generation (every segment file
present, with the size its commit recorded) and refuses a damaged one
(IndexCorrupted: ``--rebuild`` repairs it, ids kept); a CURRENT that names a
missing generation is rebuilt.  Each commit writes the generation's checksums and
the registry with its backup.  An OSError becomes a one-line NoPermission,
DiskFull or StorageError.
"""
import json
import os
import time
from dataclasses import dataclass, field

from . import groups, store
from .errors import IndexCorrupted, UsageError, from_os_error
from .extract import Record
from .ids import Registry
from .segments import SegmentWriter
from .workers import InProcess, WorkerProcess, fewer_collections, memory_share


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
    moved_and_edited: int = 0  # kept their ids by the likeness of their text
    documents: int = 0
    groups: int = 0  # reports published more than once (syndicated copies grouped)
    grouped: int = 0  # articles in those groups
    grouping_seconds: float = 0.0
    skipped: list = field(default_factory=list)
    flagged: list = field(default_factory=list)  # (path, what) of files indexed with a repair or a limit
    seconds: float = 0.0

    @property
    def exit_code(self):
        return 1 if self.skipped else 0

    def to_dict(self):
        return {
            "mode": self.mode, "source": self.source, "index": self.index,
            "generation": self.generation, "added": self.added, "updated": self.updated,
            "unchanged": self.unchanged, "removed": self.removed, "moved_and_edited": self.moved_and_edited,
            "documents": self.documents, "groups": self.groups, "grouped": self.grouped,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "flagged": [{"path": p, "flag": f} for p, f in self.flagged],
            "seconds": round(self.seconds, 3), "grouping_seconds": round(self.grouping_seconds, 3),
        }


def discover(source_dir):
    """([(relative path, absolute path)], [(path, reason)]) of the files under a folder.

    Hidden files and folders are left out; symlinked folders are not followed (no loops).
    A folder's files come in name order, then its subfolders' in name order.  Read with
    ``os.scandir``: whether an entry is a link comes with it (os.walk and islink asked the
    file system again for each of 100,000 files, half a second).
    """
    if not os.path.isdir(source_dir):
        raise UsageError(f"source folder {source_dir!r} does not exist")
    found, problems = [], []
    root = os.path.join(source_dir, "")
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted((entry for entry in scan if not entry.name.startswith(".")),
                                 key=lambda entry: entry.name)
        except OSError as error:
            problems.append((os.path.relpath(folder, source_dir), f"cannot read folder: {error.strerror}"))
            continue
        subfolders = []
        for entry in entries:
            if _is_folder(entry):
                if not entry.is_symlink():
                    subfolders.append(entry.path)
                continue
            relative = entry.path[len(root):].replace(os.sep, "/")  # os.path.relpath: a second per 100,000 files
            if entry.is_symlink() and not os.path.exists(entry.path):
                problems.append((relative, "broken or looping symbolic link"))
                continue
            found.append((relative, entry.path))
        pending.extend(reversed(subfolders))
    return found, problems


def _is_folder(entry):
    try:
        return entry.is_dir()
    except OSError:  # a link that loops: a file to report, as os.walk lists it
        return False


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
        try:
            for stored in searcher.all_stored_fields():
                data = json.loads(stored["record"])
                indexed[stored["source"]] = {"id": stored["id"], "fingerprint": stored["fingerprint"],
                                             "title": data["title"], "date": data.get("date")}
        except Exception as error:
            raise IndexCorrupted(f"the index is damaged: its stored documents cannot be read "
                                 f"({type(error).__name__}: {error}); rebuild it with "
                                 f"'python -m indexer build --rebuild'") from None
        return indexed


def _stat(path):
    try:
        info = os.stat(path)
        return info.st_size, info.st_mtime_ns
    except OSError:
        return None


def _plan(files, indexed, stats):
    """[(relative, path or None, fingerprint indexed before)]; no path: unchanged by size and
    modification time, so not read again.  Fills ``stats``."""
    tasks = []
    for relative, path in files:
        known = indexed.get(relative)
        stats[relative] = _stat(path)
        if known and stats[relative] and [known.get("size"), known.get("mtime_ns")] == list(stats[relative]):
            tasks.append((relative, None, None))
        else:
            tasks.append((relative, path, known and known["fingerprint"]))
    return tasks


BATCH_FILES = 32
BATCHES_AHEAD = 16  # per indexer: a worker writing out a full segment (seconds) must not stall the others
WORKER_MIN_FILES = 300  # below this, starting processes costs more than it saves


class _Pipeline:
    """Batches of files out to the indexers in turn; their answers back in file order.

    The build reads the answers in file order (ids are given in that order), then
    hands each batch's ids back to the indexer that prepared it.
    """

    def __init__(self, indexers, work):
        self.indexers = indexers
        self.batches = [work[i:i + BATCH_FILES] for i in range(0, len(work), BATCH_FILES)]
        self.sent = 0
        self.current = -1
        self.answers = iter(())
        self.ids = {}
        self._send_ahead()

    def _indexer(self, number):
        return self.indexers[number % len(self.indexers)]

    def _send_ahead(self):
        limit = min(self.current + 1 + BATCHES_AHEAD * len(self.indexers), len(self.batches))
        while self.sent < limit:
            self._indexer(self.sent).send_batch(self.batches[self.sent])
            self.sent += 1

    def _hand_out_ids(self):
        if self.ids:
            self._indexer(self.current).send_ids(self.ids)
            self.ids = {}

    def next_answer(self):
        """(relative, status, record summary or reason) of the next file with work."""
        answer = next(self.answers, None)
        if answer is None:
            self._hand_out_ids()
            self.current += 1
            self._send_ahead()
            self.answers = iter(self._indexer(self.current).receive_answers())
            answer = next(self.answers)
        return answer

    def assign(self, relative, article_id):
        self.ids[relative] = article_id

    def finish(self):
        """Every segment the indexers wrote, once each has written out its last."""
        self._hand_out_ids()
        for indexer in self.indexers:
            indexer.start_finishing()
        return [segment for indexer in self.indexers for segment in indexer.finish()]


def _indexers(generation_path, jobs, work):
    if jobs > 1 and work >= WORKER_MIN_FILES:
        return [WorkerProcess(generation_path, memory_share(jobs)) for _ in range(jobs)]
    return [InProcess(generation_path, memory_share(1))]


def _index(tasks, pipeline, writer, indexed, live, registry, stats, summary, progress):
    """Walk the files in order: give ids, count, delete replaced documents; the ids of the
    articles in the index before, now, and of those added or changed."""
    previous_ids = {known["id"] for known in indexed.values()}
    current_ids, changed_ids = set(), set()
    for relative, path, _previous in progress(tasks, len(tasks)):
        changed = False
        if path is None:
            record = _stub(relative, indexed[relative])
        else:
            _relative, status, payload = pipeline.next_answer()
            if status == "changed":
                record, changed = payload, True
                summary.flagged.extend((relative, flag) for flag in record.flags or [])
            elif status == "unchanged":
                record = _stub(relative, indexed[relative])
            else:
                summary.skipped.append((relative, payload))
                if relative not in indexed:
                    continue
                record = _stub(relative, indexed[relative])  # keep what was indexed before
        registry.claim(record, stats.get(relative))
        current_ids.add(record.id)
        if not changed:
            summary.unchanged += 1
            continue
        changed_ids.add(record.id)
        if record.id in previous_ids:
            summary.updated += 1
        else:
            summary.added += 1
        if live:
            writer.delete_by_term("id", record.id)  # its new version comes with the new segment
        pipeline.assign(relative, record.id)
    for article_id in previous_ids - current_ids:
        writer.delete_by_term("id", article_id)
    return previous_ids, current_ids, changed_ids


def build(source_dir, index_dir, rebuild=False, progress=None, jobs=1, notify=None):
    """Index every file under ``source_dir`` into ``index_dir``; returns a BuildSummary.

    On an existing index (and without ``rebuild``) the update commits in place;
    otherwise a new generation is written beside the live one and swapped in once
    complete.  With ``jobs`` > 1 and enough files, that many worker processes read,
    analyse and index files, each into its own segment.  ``notify`` receives one-line
    progress messages (the CLI writes them to stderr).
    """
    notify = notify or (lambda message: None)
    progress = progress or (lambda items, total: items)
    try:
        with fewer_collections():
            return _build(source_dir, index_dir, rebuild, progress, jobs, notify)
    except OSError as error:
        raise from_os_error(error, f"building the index in {index_dir!r}") from None


def _check_live(index_dir, live):
    """(generation, Whoosh index) of the live generation an update writes into, after
    checking its files against the sizes its last commit recorded; IndexCorrupted
    (with the command that rebuilds it) when one is missing or cut."""
    problems = store.check_checksums(index_dir, live, full=False) or []
    if problems:
        source = store.generation_info(index_dir, live).get("source")
        raise IndexCorrupted(f"the index in {index_dir!r} is damaged ({'; '.join(problems[:3])}); repair it with "
                             f"'{store.rebuild_command(index_dir, source)}' (article ids are kept)",
                             "; ".join(problems[:3]))
    return store.open_live(index_dir)


def _group(index_dir, generation, ix, registry, grouped_before, summary, changed_ids=None):
    """Group the live articles' syndicated copies (groups.py) into the generation's GROUPS.json.

    Titles, outlets and dates of grouped articles come from ``grouped_before`` (the
    manifest live before this build) while their text is unchanged, else from the index.
    With ``changed_ids`` (an update of an index whose manifest was current), only those
    articles are compared; the other groups stand."""
    started = time.monotonic()
    claimed = registry.claimed()
    fingerprints = {article_id: entry["fingerprint"] for article_id, entry in claimed.items()}
    with ix.searcher() as searcher:
        describe = groups.describe_from(searcher, grouped_before.get("articles") or {}, fingerprints)
        if changed_ids is None:
            manifest = groups.compute(claimed, describe)
        else:
            manifest = groups.compute(claimed, describe, previous=grouped_before, changed=changed_ids)
    manifest["toc"] = ix.latest_generation()  # a build stopped before this write regroups next time
    store.write_groups(index_dir, generation, manifest)
    summary.groups = len(manifest["groups"])
    summary.grouped = sum(len(group["members"]) for group in manifest["groups"])
    summary.grouping_seconds = time.monotonic() - started


def _build(source_dir, index_dir, rebuild, progress, jobs, notify):
    started = time.monotonic()
    with store.build_lock(index_dir):
        try:
            swept = store.sweep(index_dir)
        except OSError:
            swept = []  # a read-only folder: the build fails below, with its own message
        if swept:
            notify(f"removed what earlier builds left: {', '.join(swept[:5])}{' …' if len(swept) > 5 else ''}")
        files, problems = discover(source_dir)
        was_live = store.current_generation(index_dir)
        live = None if rebuild else was_live
        if live and store.generation_missing(index_dir, live):
            notify(f"{store.POINTER} names the generation {live}, which is missing: building a new one")
            live = None
        summary = BuildSummary(mode="incremental" if live else "full", source=source_dir, index=index_dir)
        summary.skipped.extend(problems)
        grouped_before = store.read_groups(index_dir, was_live) if was_live else {}
        registry = Registry.load(index_dir)
        if registry.problem:
            notify(registry.problem)
        registry.begin(relative for relative, _path in files)
        toc_before = None
        if live:
            generation, ix = _check_live(index_dir, live)
            toc_before = ix.latest_generation()
            indexed = _indexed(ix, registry)
            if registry.recovered:
                registry.adopt(indexed)
                registry.begin(relative for relative, _path in files)
        else:
            generation, ix = store.new_generation(index_dir, source_dir)
            indexed = {}
        writer = None
        indexers = []
        committed = published = False
        try:
            # This writer holds the index lock, deletes and commits; the indexers write the new segments.
            # compound=False: Whoosh reads a compound segment by copying each part into memory
            # (BytesIO over the mmap), ~600 MB per worker at 100,000 articles; separate files are read in place.
            writer = SegmentWriter(ix, compound=False)
            stats = {}
            tasks = _plan(files, indexed, stats)
            work = [task for task in tasks if task[1]]
            indexers = _indexers(os.path.join(index_dir, generation), jobs, len(work))
            for indexer in indexers:
                indexer.wait_ready()
            if len(indexers) > 1:
                notify(f"{len(indexers)} worker processes ready")
            pipeline = _Pipeline(indexers, work)
            previous_ids, current_ids, changed_ids = _index(tasks, pipeline, writer, indexed, live, registry, stats,
                                               summary, progress)
            segments = pipeline.finish()
            changed = not live or summary.added or summary.updated or previous_ids - current_ids
            if changed:
                writer.commit_with(segments)
            else:
                writer.cancel()  # nothing changed: leave the index as it is
                store.clean_generation(os.path.join(index_dir, generation))  # the empty segment begun
            committed = True
            if changed or store.read_checksums(os.path.join(index_dir, generation)) is None:
                store.write_checksums(index_dir, generation)
            if changed or grouped_before.get("toc") != ix.latest_generation():
                current = live and groups.current(grouped_before, toc_before)
                _group(index_dir, generation, ix, registry, grouped_before, summary,
                       changed_ids if current else None)
            else:
                summary.groups = len(grouped_before["groups"])
                summary.grouped = sum(len(group["members"]) for group in grouped_before["groups"])
            if not live:
                store.publish(index_dir, generation)
                published = True
            removed = registry.finish()
            registry.save(index_dir)
        except BaseException:
            for indexer in indexers:
                indexer.stop()
            indexers = []
            if writer is not None and not committed:
                writer.abort()
            try:  # what this build wrote goes; never masks the error that stopped it
                if live:
                    store.clean_generation(os.path.join(index_dir, generation))
                elif not published:
                    store.discard(index_dir, generation)
            except Exception:
                pass
            raise
        finally:
            for indexer in indexers:
                indexer.stop()
        summary.removed = len(previous_ids - current_ids) if live else len(removed)
        summary.moved_and_edited = registry.moved_and_edited
        summary.generation = generation
        summary.documents = len(current_ids)
        summary.seconds = time.monotonic() - started
        return summary
