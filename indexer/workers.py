"""Files -> documents in a Whoosh segment, in this process or in worker processes.

A build hands out batches of files.  For each batch an indexer reads, extracts
and keeps the records, and answers with what the build needs to give ids (source,
fingerprint, title, date) or why a file was skipped; the build answers with the
ids, and the indexer writes those records.  With ``--jobs 2`` two spawned worker
processes each write their own segment, so reading, analysis and posting writes
all run on both cores; the build adds the finished segments at commit.

Workers are spawned, not forked: they hold no copy of the build lock, and they end
with their parent (PR_SET_PDEATHSIG), so a build killed with -9 leaves nothing
running and the live index untouched.
"""
import multiprocessing
import os
import signal
import traceback

from whoosh import index as whoosh_index

from .analysis import analyse
from .errors import IndexerError, SkipFile
from .extract import Record, extract_record, fingerprint
from .extract.reader import read_text
from .schema import indexed_texts, to_document
from .segments import SegmentWriter

WRITER_MEMORY_MB = 256


class WorkerFailed(IndexerError):
    """A worker process stopped or failed; the build is abandoned, the index left as it was."""


def prepare(relative, path, previous_fingerprint):
    """(status, record or reason) for one file: "changed", "unchanged" (same text as
    indexed) or "skipped" (the reason)."""
    try:
        text = read_text(path)
        if fingerprint(text) == previous_fingerprint:
            return "unchanged", None
        try:
            record = extract_record(text, relative)
        except Exception as error:  # an extraction bug must not cost other files
            raise SkipFile(f"could not be parsed ({type(error).__name__}: {error})") from None
        if not record.paragraphs:
            raise SkipFile("only boilerplate, no article text")
        return "changed", record
    except SkipFile as skip:
        return "skipped", str(skip)


def summary_of(record):
    """The record without its text: all the build needs to give it an id."""
    return Record(source=record.source, title=record.title, paragraphs=[],
                  fingerprint=record.fingerprint, date=record.date)


class BatchIndexer:
    """Prepares batches of files and writes their records, once given ids, to ``writer``."""

    def __init__(self, writer):
        self.writer = writer
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
            for text in dict.fromkeys(indexed_texts(record)):
                analyse(text)  # once per text, shared by the fields that index it
            self.writer.add_document(**to_document(record))


class InProcess:
    """The BatchIndexer of the build's own writer, behind the same calls as a worker."""

    def __init__(self, writer):
        self._indexer = BatchIndexer(writer)
        self._answers = []

    def send_batch(self, batch):
        self._answers.append(self._indexer.prepare(batch))

    def receive_answers(self):
        return self._answers.pop(0)

    def send_ids(self, ids):
        self._indexer.write(ids)

    def finish(self):
        return None  # the build's writer commits its own segment

    def stop(self):
        pass


class WorkerProcess:
    """A spawned process with its own segment writer, spoken to through a pipe."""

    def __init__(self, generation_path):
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, generation_path, os.getpid()), daemon=True)
        self._process.start()
        child.close()

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
            raise WorkerFailed(f"a worker process failed; the index was left as it was:\n{value}")
        return value

    def send_batch(self, batch):
        self._send("batch", batch)

    def receive_answers(self):
        return self._receive()

    def send_ids(self, ids):
        self._send("ids", ids)

    def finish(self):
        """The worker's finished segment (None when it indexed nothing)."""
        self._send("finish", None)
        segment = self._receive()
        self._process.join()
        return segment

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


def _serve(connection, generation_path, parent):
    """A worker's loop: batches in, answers out, ids in; its segment out at the end."""
    _end_with_parent(parent)
    try:
        ix = whoosh_index.open_dir(generation_path)
        # _lk=False: the build's own writer holds the index lock for all of us
        writer = SegmentWriter(ix, _lk=False, limitmb=WRITER_MEMORY_MB, compound=False)
        indexer = BatchIndexer(writer)
        while True:
            kind, value = connection.recv()
            if kind == "batch":
                connection.send(("answers", indexer.prepare(value)))
            elif kind == "ids":
                indexer.write(value)
            else:
                if writer._added:
                    segment = writer._finalize_segment()
                else:
                    writer._close_segment()
                    segment = None
                connection.send(("segment", segment))
                return
    except BaseException:
        connection.send(("failed", traceback.format_exc(limit=5)))
