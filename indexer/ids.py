"""Stable article ids: assigned once, kept through edits, moves and rebuilds.

The registry (``registry.json`` in the index directory, outside the generations a
rebuild replaces) maps source path -> id and text fingerprint -> id, keeps each
article's MinHash signature (similarity.py), and remembers removed ids with their
title and date.  A record keeps its id by its path, else by its exact text moved
elsewhere, else — edited and moved in one update — by a text alike enough to one whose
file is gone (similarity.same_report; never one old id for two records).  Without a
registry, ids derive from the source path, so the same sources give the same ids on
every fresh build.
"""
import base64
import hashlib
import json
import os
import time

import numpy as np
import orjson

from .similarity import decode, same_report, title_key
from .store import write_atomically

REGISTRY_FILE = "registry.json"
BACKUP_SUFFIX = ".bak"  # registry.json.bak: the same content, written at each commit too
# The removed entries alone, for the app's "this article was removed" answers: a worker then
# never loads the whole registry (66 MB of JSON, 258 MB in memory at 100,000 articles).
REMOVED_FILE = "removed.json"
ID_LENGTH = 10


def derive_id(*parts):
    """A short URL-safe id from a hash: lower-case base32, 10 characters."""
    digest = hashlib.sha1("\x00".join(parts).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:ID_LENGTH]


class Registry:
    def __init__(self, data=None):
        data = data or {}
        self.live = dict(data.get("live", {}))
        self.removed = dict(data.get("removed", {}))
        self.problem = None  # what was wrong with registry.json when it was loaded, if anything
        self.recovered = False  # True: neither registry.json nor its backup could be read
        self._index()

    def _index(self):
        """path -> id and fingerprint -> id, derived from the live and removed entries
        (not stored: a third of the file at 100,000 articles)."""
        self.paths = {entry["source"]: i for i, entry in self.live.items()}
        self.fingerprints = {entry["fingerprint"]: i for i, entry in self.removed.items() if entry.get("fingerprint")}
        self.fingerprints.update({entry["fingerprint"]: i for i, entry in self.live.items()})

    @classmethod
    def _read(cls, path):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, dict) or not all(isinstance(data.get(key, {}), dict) for key in ("live", "removed")):
            raise ValueError("not a registry")
        registry = cls(data)
        for entry in list(registry.live.values()) + list(registry.removed.values()):
            if not isinstance(entry, dict) or not isinstance(entry.get("source", ""), str):
                raise ValueError("an entry is not a record")
        return registry

    @classmethod
    def load(cls, index_dir):
        """The registry of an index: registry.json, else its backup when it is missing or
        unreadable (``problem`` says so), else an empty one (``recovered``: the build takes
        the ids of the articles it holds from the index itself).  Never raises for a
        damaged file: a garbage registry must not stop the service or a build."""
        path = os.path.join(index_dir, REGISTRY_FILE)
        backup = path + BACKUP_SUFFIX
        try:
            return cls._read(path)
        except FileNotFoundError:
            if not os.path.exists(backup):
                return cls()  # a new index
            failure = "is missing"
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            failure = f"cannot be read ({type(error).__name__})"
        try:
            registry = cls._read(backup)
            registry.problem = f"{REGISTRY_FILE} {failure}: restored from {REGISTRY_FILE}{BACKUP_SUFFIX}"
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            registry = cls()
            registry.recovered = True
            registry.problem = (f"{REGISTRY_FILE} {failure} and has no readable backup: the ids of the "
                                "articles in the index are read from the index; removed articles are forgotten")
        return registry

    @staticmethod
    def load_removed(index_dir):
        """{id: entry} of the removed articles from removed.json, or None when the index has
        none (built before it was written) or it cannot be read: then ask ``load``."""
        try:
            with open(os.path.join(index_dir, REMOVED_FILE), "rb") as handle:
                removed = orjson.loads(handle.read()).get("removed")
        except (OSError, ValueError, AttributeError):
            return None
        return removed if isinstance(removed, dict) else None

    def adopt(self, indexed):
        """Take {source: {id, fingerprint, title, date}} of what the index holds as live
        entries (after a registry was lost), so every article keeps its id."""
        for source, known in indexed.items():
            if known["id"] not in self.live:
                self.live[known["id"]] = {"source": source, "fingerprint": known["fingerprint"],
                                          "title": known.get("title"), "date": known.get("date")}
        self._index()

    def save(self, index_dir):
        """Write registry.json and its backup, each atomically (a temporary file renamed)."""
        path = os.path.join(index_dir, REGISTRY_FILE)
        data = {"live": self.live, "removed": self.removed}
        # orjson: the bytes json.dumps(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        # gives, in 0.07 s instead of 0.74 for the 66 MB registry of 100,000 articles
        text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        for target in (path, path + BACKUP_SUFFIX):
            write_atomically(target, text)
        write_atomically(os.path.join(index_dir, REMOVED_FILE),
                         orjson.dumps({"removed": self.removed}, option=orjson.OPT_SORT_KEYS))

    def begin(self, current_sources):
        """Start assigning ids for a build that sees ``current_sources`` (every path found)."""
        self._current_sources = set(current_sources)
        self._claimed = {}
        self._taken = set(self.live) | set(self.removed)
        self.moved_and_edited = 0
        # articles whose file is gone: an edited copy elsewhere may be one of them
        self._vanishing = None

    def claim(self, record, stat=None):
        """Give one record its id: same path, else same text moved here, else a new id.

        ``stat`` (size, mtime_ns) lets the next build skip the file while it is unchanged.
        """
        known = self.paths.get(record.source)
        if not known or known in self._claimed:
            known = self.fingerprints.get(record.fingerprint)
            old_source = self.live.get(known, {}).get("source") or self.removed.get(known, {}).get("source")
            moved_from_a_live_path = old_source in self._current_sources and old_source != record.source
            if not known or known in self._claimed or moved_from_a_live_path:
                known = None
        if known is None:
            known = self._alike(record)
            if known is not None:
                self.moved_and_edited += 1
        if known is None:
            known = derive_id(record.source)
            attempt = 0
            while known in self._taken or known in self._claimed:
                attempt += 1
                known = derive_id(record.source, record.fingerprint, str(attempt))
        record.id = known
        # Only what the registry keeps, not the record: a build must not hold every article in memory.
        sig = getattr(record, "signature", None) or self.live.get(known, {}).get("sig")
        self._claimed[known] = {"source": record.source, "fingerprint": record.fingerprint,
                                "title": record.title, "date": record.date, "stat": stat, "sig": sig}
        self._taken.add(known)
        return known

    def claimed(self):
        """{id: {source, fingerprint, title, date, sig}} of the records this build has given ids to."""
        return self._claimed

    def _alike(self, record):
        """The id of a vanished article this record is an edited copy of, or None."""
        new = decode(getattr(record, "signature", None))
        if new is None:
            return None
        if self._vanishing is None:
            ids = [i for i, entry in self.live.items()
                   if entry["source"] not in self._current_sources and decode(entry.get("sig")) is not None]
            signatures = [decode(self.live[i]["sig"]) for i in ids]
            self._vanishing = (ids, np.stack(signatures) if signatures else None)
        ids, signatures = self._vanishing
        if not ids:
            return None
        scores = (signatures == new).mean(axis=1)  # all at once: a reorganised folder has many
        title = title_key(record.title)
        best = None
        for index in np.argsort(-scores, kind="stable")[:20]:
            article_id = ids[index]
            if article_id in self._claimed:
                continue
            same_title = bool(title) and title == title_key(self.live[article_id].get("title"))
            if same_report(float(scores[index]), same_title):
                key = (float(scores[index]), same_title)
                if best is None or key > best[0]:
                    best = (key, article_id)
        return best[1] if best else None

    def finish(self):
        """Record what this build saw; returns the ids removed since the last build."""
        removed = [i for i in self.live if i not in self._claimed]
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for article_id in removed:
            self.removed[article_id] = dict(self.live[article_id], removed_at=now)
        for article_id in self._claimed:
            self.removed.pop(article_id, None)
        self.live = {}
        for article_id, seen in self._claimed.items():
            entry = {key: seen[key] for key in ("source", "fingerprint", "title", "date")}
            if seen.get("sig"):
                entry["sig"] = seen["sig"]
            if seen["stat"]:
                entry["size"], entry["mtime_ns"] = seen["stat"]
            self.live[article_id] = entry
        self._index()
        return removed
