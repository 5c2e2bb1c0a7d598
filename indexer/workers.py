"""Files -> documents in new Whoosh segments, in this process or in worker processes.

A build hands out batches of files.  For each batch an indexer reads, extracts
and keeps the records, and answers with what the build needs to give ids (source,
fingerprint, title, date) or why a file was skipped; the build answers with the
ids, and the indexer writes those records into segments of its own.  With
``--jobs 2`` two spawned worker processes do this, so reading, analysis and
posting writes all run on both cores; the build commits their segments.

Workers are spawned, not forked: they hold no copy of the build lock, and they end
with their parent (PR_SET_PDEATHSIG), so a build killed with -9 leaves nothing
running and the live index untouched.  They ignore SIGINT from the moment they are
started (a Ctrl-C reaches the whole process group; the build handles it and stops
them), and each says "ready" once it is serving.
"""
import gc
import multiprocessing
import os
import signal
import threading
import traceback
from contextlib import contextmanager

from whoosh import index as whoosh_index

from . import settings
from .analysis import analyse
from .errors import IndexerError, SkipFile, from_os_error
from .extract import Record, extract_record, fingerprint, plain_record
from .extract.reader import read_text
from .schema import indexed_texts, to_document
from .segments import SegmentWriter
from .similarity import encode, signature

BUILD_MEMORY_MB = 1024  # postings held in memory by all the indexers of a build (see segments.TermPool)


# A build allocates millions of small objects that live until their segment is written; with
# Python's default thresholds the young generations are collected every 700 allocations,
# walking them again and again (about a tenth of a build's CPU).  Builds create few cycles.
BUILD_GC_THRESHOLDS = (50_000, 50, 1000)


@contextmanager
def fewer_collections():
    """Python's garbage collector at BUILD_GC_THRESHOLDS while the block runs (2,000 bench
    articles in one process: 16.7-18.2 CPU s at the defaults, 15.4-16.0 with these)."""
    previous = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def memory_share(indexers):
    """Each indexer's share of BUILD_MEMORY_MB: more processes write smaller segments."""
    return BUILD_MEMORY_MB / indexers


class WorkerFailed(IndexerError):
    """A worker process stopped or failed; the build is abandoned, the index left as it was."""

    exit_code = 9


class OverBudget(Exception):
    """A file's extraction went past its time budget."""


def file_seconds():
    return settings.file_seconds()


@contextmanager
def time_budget(seconds):
    """Raise OverBudget in this (main) thread when the block runs past ``seconds``: a hostile
    file is indexed with its text and without entities, never blocking the good files."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def prepare(relative, path, previous_fingerprint):
    """(status, record or reason) for one file: "changed", "unchanged" (same text as
    indexed) or "skipped" (the reason)."""
    try:
        notes = []
        text = read_text(path, notes)
        if fingerprint(text) == previous_fingerprint:
            return "unchanged", None
        try:
            with time_budget(file_seconds()):
                record = extract_record(text, relative)
        except OverBudget:
            record = plain_record(text, relative, f"entities skipped: extraction took over {file_seconds():g} s")
        except Exception as error:  # an extraction bug must not cost other files
            raise SkipFile(f"could not be parsed ({type(error).__name__}: {error})") from None
        if not record.paragraphs:
            raise SkipFile("only boilerplate, no article text")
        record.flags = notes + list(record.flags or [])
        return "changed", record
    except SkipFile as skip:
        return "skipped", str(skip)


def summary_of(record):
    """The record without its text: all the build needs to give it an id, with the
    signature of its text (an edited copy that moved keeps its id: ids.Registry.claim)."""
    summary = Record(source=record.source, title=record.title, paragraphs=[],
                     fingerprint=record.fingerprint, date=record.date, flags=list(record.flags or []))
    summary.signature = encode(signature(record.body))
    return summary


class BatchIndexer:
    """Prepares batches of files and writes their records, once given ids, into new segments.

    A segment is finished when its writer's memory is full and a new one begun, so
    postings never spill to disk; ``finish`` returns every segment written.
    """

    def __init__(self, ix, memory_mb):
        self._ix = ix
        self._memory_mb = memory_mb
        self._writer = None
        self._segments = []
        self._waiting = {}

    def prepare(self, batch):
        """[(relative, status, summary record or reason)] for [(relative, path, previous fingerprint)]."""
        answers = []
        for relative, path, previous in batch:
            status, payload = prepare(relative, path, previous)
            if status == "changed":
                self._waiting[relative] = payload
                payload = summary_of(payload)
            answers.append((relative, status, payload))
        return answers

    def write(self, ids):
        """Index the prepared records named in ``ids`` ({relative: id})."""
        for relative, article_id in ids.items():
            record = self._waiting.pop(relative)
            record.id = article_id
            if self._writer is None:
                # locked=False: the build's own writer holds the index lock for all of them
                self._writer = SegmentWriter(self._ix, locked=False, limitmb=self._memory_mb, compound=False)
            for text in dict.fromkeys(indexed_texts(record)):
                analyse(text)  # once per text, shared by the fields that index it
            self._writer.add_document(**to_document(record))
            if self._writer.full():
                self._finish_writer()

    def _finish_writer(self):
        if self._writer is not None:
            segment = self._writer.finish_segment()
            if segment is not None:
                self._segments.append(segment)
            self._writer = None

    def finish(self):
        """Every segment written (none when nothing was indexed)."""
        self._finish_writer()
        return self._segments

    def abort(self):
        """After a failure: close the segment being written (its files are removed by the build)."""
        if self._writer is not None:
            self._writer.abort()
            self._writer = None


class InProcess:
    """A BatchIndexer in the build's own process, behind the same calls as a worker."""

    def __init__(self, generation_path, memory_mb):
        self._indexer = BatchIndexer(whoosh_index.open_dir(generation_path), memory_mb)
        self._answers = []

    def send_batch(self, batch):
        self._answers.append(self._indexer.prepare(batch))

    def receive_answers(self):
        return self._answers.pop(0)

    def send_ids(self, ids):
        self._indexer.write(ids)

    def wait_ready(self):
        pass

    def start_finishing(self):
        pass

    def finish(self):
        return self._indexer.finish()

    def stop(self):
        self._indexer.abort()


class WorkerProcess:
    """A spawned process with its own BatchIndexer, spoken to through a pipe."""

    def __init__(self, generation_path, memory_mb):
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, generation_path, memory_mb, os.getpid()),
                                        daemon=True)
        # An ignored signal stays ignored across exec, and Python then installs no
        # KeyboardInterrupt handler: the worker never sees Ctrl-C, even while starting.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self._process.start()
        finally:
            signal.signal(signal.SIGINT, previous)
        child.close()

    def wait_ready(self):
        """Block until the worker has opened the index and serves."""
        self._receive()

    def _stopped(self):
        self._process.join(timeout=1)
        return WorkerFailed(f"a worker process stopped (exit code {self._process.exitcode}); "
                            "the index was left as it was")

    def _send(self, kind, value):
        try:
            self._connection.send((kind, value))
        except OSError:
            raise self._stopped() from None

    def _receive(self):
        try:
            kind, value = self._connection.recv()
        except (EOFError, OSError):
            raise self._stopped() from None
        if kind == "failed":
            raise _failure(value)
        return value

    def send_batch(self, batch):
        self._send("batch", batch)

    def receive_answers(self):
        return self._receive()

    def send_ids(self, ids):
        self._send("ids", ids)

    def start_finishing(self):
        """Ask the worker to write out its last segment (the workers do it at the same time)."""
        self._send("finish", None)

    def finish(self):
        """The segments the worker wrote."""
        segments = self._receive()
        self._process.join()
        return segments

    def stop(self):
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._connection.close()


def _end_with_parent(parent):
    """A worker killed with its parent (Linux), or gone at once if the parent already is."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _serve(connection, generation_path, memory_mb, parent):
    """A worker's loop: batches in, answers out, ids in; its segments out at the end."""
    _end_with_parent(parent)
    gc.set_threshold(*BUILD_GC_THRESHOLDS)  # a worker does nothing but build (fewer_collections)
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # already ignored since exec; stated for readers
        indexer = BatchIndexer(whoosh_index.open_dir(generation_path), memory_mb)
        connection.send(("ready", os.getpid()))
        while True:
            kind, value = connection.recv()
            if kind == "batch":
                connection.send(("answers", indexer.prepare(value)))
            elif kind == "ids":
                indexer.write(value)
            else:
                connection.send(("segments", indexer.finish()))
                return
    except BaseException as error:
        connection.send(("failed", {
            "errno": getattr(error, "errno", None), "strerror": getattr(error, "strerror", None),
            "filename": getattr(error, "filename", None), "message": f"{type(error).__name__}: {error}",
            "traceback": traceback.format_exc(limit=5)}))


def _failure(value):
    """The one-line error for a worker's failure: an OSError's own kind (disk full,
    permission), else WorkerFailed naming the exception (its traceback is kept on it)."""
    if not isinstance(value, dict):  # a worker of an older version
        value = {"message": str(value).strip().splitlines()[-1:] or ["?"], "traceback": str(value)}
        value["message"] = value["message"][0]
    if value.get("errno"):
        return from_os_error(OSError(value["errno"], value.get("strerror") or "", value.get("filename")),
                             "writing the index")
    failure = WorkerFailed(f"a worker process failed ({value.get('message', '?')[:300]}); "
                           "the index was left as it was")
    failure.traceback = value.get("traceback")
    return failure
