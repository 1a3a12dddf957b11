"""Render a page fragment once per worker, then fill in what belongs to each visitor.

A rush of residents opening the same registration form should not cost each of them the
rendering of thirty widgets. A fragment is kept in process memory under a key that names
everything it shows (the assembly, its questions, the language), so any change to those
gives a new key at once, in every worker, with nothing to invalidate. What belongs to one
visitor (a CSRF token, a bot-guard token, a letter code) is never in a kept fragment: it is
rendered as a marker that `fill` replaces, escaped, on the way out.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping

from markupsafe import Markup, escape


class FragmentCache:
    """A small least-recently-used map from a key to rendered HTML, one per worker process."""

    def __init__(self, size: int = 256):
        self.size = size
        self._entries: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        """Return the fragment kept under `key`, or None."""
        with self._lock:
            fragment = self._entries.get(key)
            if fragment is not None:
                self._entries.move_to_end(key)
            return fragment

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        """Return the fragment kept under `key`, rendering and keeping it on a miss."""
        fragment = self.get(key)
        if fragment is not None:
            return fragment
        fragment = render()
        with self._lock:
            self._entries[key] = fragment
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return fragment

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def marker(name: str) -> str:
    """Return a placeholder for `name` that no content can contain and escaping leaves alone."""
    return f"pervisitor{name}{secrets.token_hex(12)}"


def check_markers(fragment: str, names: Mapping[str, str]) -> str:
    """Return `fragment` if each marker appears in it exactly once, else raise ValueError."""
    for name, placeholder in names.items():
        if fragment.count(placeholder) != 1:
            raise ValueError(f"the fragment must hold the {name} marker exactly once")
    return fragment


def fill(fragment: str, values: Mapping[str, str]) -> Markup:
    """Replace each marker in `fragment` by its value, HTML-escaped."""
    for placeholder, value in values.items():
        fragment = fragment.replace(placeholder, str(escape(value)), 1)
    return Markup(fragment)  # noqa: S704 - rendered by our templates; values escaped above
