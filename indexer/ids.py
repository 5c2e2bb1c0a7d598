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
        self.paths = dict(data.get("paths", {}))
        self.fingerprints = dict(data.get("fingerprints", {}))
        self.live = dict(data.get("live", {}))
        self.removed = dict(data.get("removed", {}))

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
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(
                {"paths": self.paths, "fingerprints": self.fingerprints,
                 "live": self.live, "removed": self.removed},
                handle, ensure_ascii=False, indent=1, sort_keys=True,
            )
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def assign(self, records):
        """Give every record its id; returns the ids removed since the last build."""
        current_sources = {r.source for r in records}
        claimed = {}
        pending = []
        for record in records:  # same path: unchanged or edited
            known = self.paths.get(record.source)
            if known and known not in claimed:
                claimed[known] = record
            else:
                pending.append(record)
        still_pending = []
        for record in pending:  # same text elsewhere: moved or renamed (or revived)
            known = self.fingerprints.get(record.fingerprint)
            old_source = self.live.get(known, {}).get("source")
            if known and known not in claimed and old_source not in current_sources:
                claimed[known] = record
            else:
                still_pending.append(record)
        taken = set(claimed) | set(self.live) | set(self.removed)
        for record in still_pending:  # new
            candidate = derive_id(record.source)
            attempt = 0
            while candidate in taken:
                attempt += 1
                candidate = derive_id(record.source, record.fingerprint, str(attempt))
            taken.add(candidate)
            claimed[candidate] = record
        for article_id, record in claimed.items():
            record.id = article_id

        removed = [i for i in self.live if i not in claimed]
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for article_id in removed:
            entry = dict(self.live[article_id])
            entry["removed_at"] = now
            self.removed[article_id] = entry
        for article_id in claimed:
            self.removed.pop(article_id, None)
        self.live = {
            r.id: {"source": r.source, "fingerprint": r.fingerprint, "title": r.title, "date": r.date}
            for r in records
        }
        self.paths = {r.source: r.id for r in records}
        self.fingerprints = {entry["fingerprint"]: i for i, entry in self.removed.items() if entry.get("fingerprint")}
        self.fingerprints.update({r.fingerprint: r.id for r in records})
        return removed
