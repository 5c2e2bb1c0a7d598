"""Loading the index: the work a request's deadline does not count.

After a rebuild or an update the first request that reads the index rebuilds what the
new commit needs (``IndexColumns``, facets, the suggestions' vocabulary, entities,
groups, title completions): about 5 s at 100,000 articles, 30–60 s at a million.  A
request stopped at its deadline in the middle would throw that work away and the next
one would start over, so each of those loads runs inside ``loading()``.

By default a block does nothing.  The server (search_app/server.py) sets a hook that
keeps its request deadline out of the block and pushes the deadline back by the time
the block took; this module knows nothing of requests.  Blocks may nest (the hook
counts the outermost one).
"""
import contextlib

_hook = None  # a function returning the context manager entered around each load


def set_hook(hook):
    """Enter ``hook()`` around every load from now on (None: nothing); returns the previous hook."""
    global _hook
    previous, _hook = _hook, hook
    return previous


def loading():
    """A context manager around work that loads the index (not a search's own work)."""
    return _hook() if _hook is not None else contextlib.nullcontext()
