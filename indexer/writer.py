"""Records -> the Whoosh index: discovery, incremental updates and full rebuilds.

One bad file never costs a good one: each file that cannot be read or parsed is
named in the summary with its reason, and an article indexed earlier stays as it
was when its file turns unreadable.
"""
import json
import os
import time
from dataclasses import dataclass, field

from . import store
from .errors import SkipFile, UsageError
from .extract import Record, extract_record, fingerprint
from .extract.reader import read_text
from .ids import Registry
from .schema import to_document


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


def _stub(stored):
    """A record standing for an unchanged indexed article (no re-extraction)."""
    data = json.loads(stored["record"])
    return Record(source=stored["source"], title=data["title"], paragraphs=[],
                  fingerprint=stored["fingerprint"], date=data.get("date"), id=stored["id"])


def _indexed_by_source(ix):
    with ix.searcher() as searcher:
        return {stored["source"]: stored for stored in searcher.all_stored_fields()}


def _read_records(files, indexed, summary, progress):
    """Records to write, stubs for unchanged articles; fills summary.skipped."""
    changed, kept = [], []
    for relative, path in progress(files):
        try:
            text = read_text(path)
            digest = fingerprint(text)
            previous = indexed.get(relative)
            if previous is not None and previous["fingerprint"] == digest:
                kept.append(_stub(previous))
                continue
            try:
                record = extract_record(text, relative)
            except Exception as error:  # an extraction bug must not cost other files
                raise SkipFile(f"could not be parsed ({type(error).__name__}: {error})") from None
            if not record.paragraphs:
                raise SkipFile("only boilerplate, no article text")
            changed.append(record)
        except SkipFile as skip:
            summary.skipped.append((relative, str(skip)))
            if relative in indexed:  # keep what was indexed before
                kept.append(_stub(indexed[relative]))
    return changed, kept


def build(source_dir, index_dir, rebuild=False, progress=None):
    """Index every file under ``source_dir`` into ``index_dir``; returns a BuildSummary."""
    progress = progress or (lambda items: items)
    started = time.monotonic()
    with store.build_lock(index_dir):
        files, problems = discover(source_dir)
        live = None if rebuild else store.current_generation(index_dir)
        summary = BuildSummary(mode="incremental" if live else "full", source=source_dir, index=index_dir)
        summary.skipped.extend(problems)
        if live:
            generation, ix = store.open_live(index_dir)
            indexed = _indexed_by_source(ix)
        else:
            generation, ix, indexed = None, None, {}
        changed, kept = _read_records(files, indexed, summary, progress)
        registry = Registry.load(index_dir)
        previous_ids = {stored["id"] for stored in indexed.values()}
        no_longer_live = registry.assign(changed + kept)
        if live:
            current_ids = {r.id for r in changed + kept}
            _update_in_place(ix, changed, sorted(previous_ids - current_ids), previous_ids, summary)
        else:
            generation = _write_generation(index_dir, changed, summary)
            summary.removed = len(no_longer_live)
        registry.save(index_dir)
        summary.generation = generation
        summary.unchanged = len(kept)
        summary.documents = len(changed) + len(kept)
        summary.seconds = time.monotonic() - started
        return summary


def _update_in_place(ix, changed, removed, previous_ids, summary):
    if not changed and not removed:
        return
    writer = ix.writer()
    try:
        for record in changed:
            if record.id in previous_ids:
                summary.updated += 1
            else:
                summary.added += 1
            writer.update_document(**to_document(record))
        for article_id in removed:
            writer.delete_by_term("id", article_id)
        summary.removed = len(removed)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _write_generation(index_dir, records, summary):
    generation, ix = store.new_generation(index_dir)
    try:
        writer = ix.writer(limitmb=256)
        for record in records:
            writer.add_document(**to_document(record))
        writer.commit(optimize=True)
        summary.added = len(records)
        store.publish(index_dir, generation)
    except BaseException:
        store.discard(index_dir, generation)
        raise
    return generation
