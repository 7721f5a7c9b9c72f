"""How many preheated kernels ``finsamdash serve`` may add without going over its memory limit.

Voilà refills a dashboard's pool as soon as a viewer takes a kernel from it, and ``finsamdash serve`` tops the
pools up every few seconds. With ``--audience N`` every latest dashboard keeps N kernels ready; when the viewers
take them, their kernels and the refilled pools together could pass the memory the server may use. The guard
below lets a pool grow only by as many kernels as fit under :data:`MEMORY_LIMIT` (server + fork server + every
kernel, shared pages counted once), estimated from what the kernels running now use; over 95 % of it (more
viewers than the audience) the spare preheated kernels give way (:func:`excess`). Kernels that viewers use are
never touched: when they leave (a closed tab, or culled when idle and disconnected) the memory comes back and the
pools are filled again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from finsamdash.pack.kernels import descendants, is_kernel, memory_use

#: Bytes that server + kernels may use (the 4 GB of issue #14).
MEMORY_LIMIT = 4 * 10**9
#: What a new kernel is assumed to use before any kernel runs (a forked kernel that ran a dashboard: 50–80 MB PSS).
KERNEL_ESTIMATE = 100 * 2**20
#: What a kernel grows by when a viewer connects and uses it (widget states sent, other choices drawn): kept free
#: for every viewer of the audience (measured: 20 connected viewers added 0.74 GiB to 54 preheated kernels).
VIEWER_GROWTH = 40 * 2**20


@dataclass(frozen=True)
class Usage:
    """Memory of server + kernels now, read in one pass over /proc (≈ 0.2 s CPU with 50 kernels: see
    :class:`Ledger` for when it is read)."""

    #: bytes used by the server and every process below it, shared pages counted once (PSS)
    used: int
    #: bytes one more kernel will use: the largest PSS of the kernels running now (at least
    #: :data:`KERNEL_ESTIMATE` / 2), or :data:`KERNEL_ESTIMATE` when none runs
    estimate: int


def usage(server: int | None = None) -> Usage:
    """The memory of ``server`` (default: this process) and its descendants, and the estimate for one kernel."""
    server = server or os.getpid()
    used, kernels = 0, []
    for pid in descendants(server):
        size = memory_use(pid, children=False)
        used += size
        if pid != server and is_kernel(pid):
            kernels.append(size)
    return Usage(used, max([KERNEL_ESTIMATE // 2, *kernels]) if kernels else KERNEL_ESTIMATE)


def freed(now: Usage) -> int:
    """What shutting down one spare preheated kernel frees, at least: half the estimate (the estimate is the
    largest kernel, often a viewer's that grew; a preheated kernel that ran its page uses less)."""
    return max(1, now.estimate // 2)


def excess(now: Usage, *, limit: int = MEMORY_LIMIT) -> int:
    """How many preheated kernels to shut down to bring server + kernels back under 95 % of ``limit`` (0 when
    under it), each counted as :func:`freed`. More viewers than the audience, or viewers' kernels that grew more
    than :data:`VIEWER_GROWTH`, can pass the limit after the pools were filled; the spare preheated kernels then
    give way (never a viewer's)."""
    over = now.used - int(limit * 0.95)
    return 0 if over <= 0 else -(-over // freed(now))


def room(now: Usage, *, limit: int = MEMORY_LIMIT, starting: int = 0, audience: int = 0) -> int:
    """How many more kernels fit under ``limit`` (``starting``: kernels already asked for but not yet running;
    ``audience``: viewers whose use of their kernels must still fit, :data:`VIEWER_GROWTH` each)."""
    limit -= audience * VIEWER_GROWTH
    # 10 % of the limit is kept free: kernels grow while they start and run a dashboard (measured: 3.65 GiB with
    # 5 % kept free under a 4 GB limit)
    free = int(limit * 0.9) - now.used - starting * now.estimate
    return max(0, free // now.estimate)


#: Seconds without viewer activity (a viewer arriving, a widget message to or from a viewer's kernel) before the
#: pools are refilled or memory is measured: both take CPU that a viewer waiting for a redrawn chart needs.
QUIET = 3.0
#: Seconds after which a changed server is measured even while viewers are active (:data:`VIEWER_GROWTH` is an
#: average; a measurement corrects it).
STALE = 60.0


def quiet(now: float, last_activity: float, *, wait: float = QUIET) -> bool:
    """True when no viewer has been active for ``wait`` seconds (``now`` and ``last_activity`` on one monotonic
    clock)."""
    return now - last_activity >= wait


@dataclass(frozen=True)
class Ledger:
    """Memory of server + kernels: the last measurement (:func:`usage`) and what happened since it."""

    #: the last measurement
    measured: Usage
    #: monotonic time of the measurement
    at: float
    #: kernels running (started or starting) at the measurement
    kernels: int
    #: kernels asked for since (or still starting at the measurement): :data:`Usage.estimate` each
    started: int = 0
    #: kernels that viewers took since: :data:`VIEWER_GROWTH` each
    taken: int = 0
    #: spare kernels shut down since: :func:`freed` each
    shed: int = 0

    def now(self) -> Usage:
        """What server + kernels use now as far as the ledger knows: the measurement plus the events since."""
        measured = self.measured
        used = (measured.used + self.started * measured.estimate + self.taken * VIEWER_GROWTH
                - self.shed * freed(measured))
        return Usage(max(0, used), measured.estimate)

    def add(self, *, started: int = 0, taken: int = 0, shed: int = 0) -> Ledger:
        return replace(self, started=self.started + started, taken=self.taken + taken, shed=self.shed + shed)

    def measure_due(self, now: float, *, kernels: int, last_activity: float, starting: int) -> bool:
        """Measure again? Only when something changed since the measurement (kernels started, taken, shut down
        or ended; a viewer active), and then once the viewers are quiet and no kernel is starting — or when the
        measurement is older than :data:`STALE`. An idle server is never measured."""
        changed = bool(self.started or self.taken or self.shed) or kernels != self.kernels or last_activity > self.at
        if not changed:
            return False
        return (quiet(now, last_activity) and not starting) or now - self.at >= STALE
