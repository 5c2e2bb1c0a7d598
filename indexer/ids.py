"""Stable article ids: assigned once, kept through edits, moves and rebuilds.

The registry (``registry.json`` in the index directory, outside the generations a
rebuild replaces) maps source path -> id and text fingerprint -> id, and remembers
removed ids with their title and date.  Without a registry, ids derive from the
source path, so the same sources give the same ids on every fresh build.
"""
import base64
import hashlib
import json
import os
import time

REGISTRY_FILE = "registry.json"
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
        self._index()

    def _index(self):
        """path -> id and fingerprint -> id, derived from the live and removed entries
        (not stored: a third of the file at 100,000 articles)."""
        self.paths = {entry["source"]: i for i, entry in self.live.items()}
        self.fingerprints = {entry["fingerprint"]: i for i, entry in self.removed.items() if entry.get("fingerprint")}
        self.fingerprints.update({entry["fingerprint"]: i for i, entry in self.live.items()})

    @classmethod
    def load(cls, index_dir):
        path = os.path.join(index_dir, REGISTRY_FILE)
        try:
            with open(path, encoding="utf-8") as handle:
                return cls(json.load(handle))
        except FileNotFoundError:
            return cls()

    def save(self, index_dir):
        path = os.path.join(index_dir, REGISTRY_FILE)
        temporary = path + ".tmp"
        data = {"live": self.live, "removed": self.removed}
        with open(temporary, "w", encoding="utf-8") as handle:
            # dumps, not dump, and no indent: only then does json use its C encoder (a
            # registry of 100,000 articles took 3 s to write, most of adding 100 articles)
            handle.write(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def begin(self, current_sources):
        """Start assigning ids for a build that sees ``current_sources`` (every path found)."""
        self._current_sources = set(current_sources)
        self._claimed = {}
        self._taken = set(self.live) | set(self.removed)

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
            known = derive_id(record.source)
            attempt = 0
            while known in self._taken or known in self._claimed:
                attempt += 1
                known = derive_id(record.source, record.fingerprint, str(attempt))
        record.id = known
        # Only what the registry keeps, not the record: a build must not hold every article in memory.
        self._claimed[known] = {"source": record.source, "fingerprint": record.fingerprint,
                                "title": record.title, "date": record.date, "stat": stat}
        self._taken.add(known)
        return known

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
            if seen["stat"]:
                entry["size"], entry["mtime_ns"] = seen["stat"]
            self.live[article_id] = entry
        self._index()
        return removed
