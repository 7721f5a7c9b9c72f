"""Page state computed once per process and shared by every page of the same pack.

A dashboard page computes two kinds of things: the state behind it (e.g. the participants page's suppression audit
of a year, several seconds of work) and the display data each drop-down choice shows. Both depend only on the
page's parameters and the input data, so they are remembered here, per process, under a key that holds the page's
:attr:`~finsamdash.dashboards._page.Page.state_key` (class, input fingerprint, association, meeting, year,
previous meeting, threshold). A second page object with the same parameters finds them instead of computing them
again.

This is what makes a live dashboard cheap at meeting scale: ``finsamdash serve`` computes every latest page once
in a warm parent process (:mod:`finsamdash.pack.kernels`), with :func:`warming` on so that each drop-down's
choices are computed too, and forks the viewers' kernels from it; they inherit this memo and recompute nothing
(only combinations of several changed drop-downs are computed, once per kernel).

Anything else that is computed once per pack and read by several pages (e.g. a joint disclosure audit) can be
kept with :func:`remembered` under a key of its own, and is then shared the same way: computed once in a build
worker's kernel for all the dashboards it runs, and once in the serving parent for every viewer. Only aggregates
and display data are kept, in memory; nothing is written anywhere.
"""

from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")

#: State of at most this many pages (owners: the first item of a key) is kept; the page used longest ago goes
#: first. A build runs many associations' pages one after another in one kernel and needs only the current ones.
OWNERS = 16
#: At most this many values per page (renders are some 10–300 kB each; the oldest go first).
PER_OWNER = 256
_MEMO: OrderedDict[Hashable, dict[Hashable, Any]] = OrderedDict()
_WARMING = False


def _owner(key: Hashable) -> Hashable:
    return key[0] if isinstance(key, tuple) and key else key


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """The value kept under ``key``, or ``compute()`` kept under it (an unhashable key is not kept).

    Values are grouped by their key's first item (a page's :attr:`~finsamdash.dashboards._page.Page.state_key`).
    """
    try:
        hash(key)
    except TypeError:  # unhashable: nothing to share
        return compute()
    owner = _owner(key)
    with suppress(KeyError):
        values = _MEMO[owner]
        _MEMO.move_to_end(owner)
        return values[key]
    value = compute()
    values = _MEMO.setdefault(owner, {})
    _MEMO.move_to_end(owner)
    while len(values) >= PER_OWNER:
        values.pop(next(iter(values)))
    values[key] = value
    while len(_MEMO) > OWNERS:
        _MEMO.popitem(last=False)
    return value


def known(key: Hashable) -> bool:
    """True when a value is kept under ``key``."""
    try:
        return key in _MEMO.get(_owner(key), ())
    except TypeError:
        return False


def size() -> int:
    """How many values are kept."""
    return sum(len(values) for values in _MEMO.values())


def clear() -> None:
    _MEMO.clear()


_TOKENS: dict[int, tuple[weakref.ref, int]] = {}
_NEXT = itertools.count(1)


def token(obj: object) -> int:
    """A number that stands for this very object while it lives (never reused for another object in this process;
    a forked child inherits the same numbers for the same objects)."""
    found = _TOKENS.get(id(obj))
    if found is not None and found[0]() is obj:
        return found[1]
    for key in [k for k, (ref, _) in _TOKENS.items() if ref() is None]:
        del _TOKENS[key]
    number = next(_NEXT)
    _TOKENS[id(obj)] = (weakref.ref(obj), number)
    return number


def is_warming() -> bool:
    """True inside :func:`warming`: pages then also compute every single drop-down choice of their sections."""
    return _WARMING


@contextmanager
def warming() -> Iterator[None]:
    """Pages executed inside compute (and keep) each drop-down choice, one control at a time, besides the
    default view."""
    global _WARMING
    previous, _WARMING = _WARMING, True
    try:
        yield
    finally:
        _WARMING = previous
