"""Disclosure control: the one home of everything that decides what a pack may show (transitional exports below)."""

from finsamdash.privacy._old import *  # noqa: F403
from finsamdash.privacy._old import (  # noqa: F401
    SECONDARY,
    SMALL,
    Relation,
    is_small,
    relation,
    share_or_none,
    suppress_table,
    suppressed_cells,
)
