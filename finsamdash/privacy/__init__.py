"""Disclosure control: the one home of everything that decides what a pack may show.

Metrics compute raw figures; pages, figures, tables, the summary and the build ask this package what may be
shown and decide nothing themselves. The policy (R1–R9) is written down in ``docs/disclosure.md``.

* :mod:`~finsamdash.privacy.registry` – cells (every count a pack publishes, or a reader could work out) and the
  linear relations between them;
* :mod:`~finsamdash.privacy.exact` – the exact check: which unsafe counts and small groups a reader can work out;
* :mod:`~finsamdash.privacy.solver` – least-cost complementary suppression (HiGHS through ``scipy.optimize.milp``);
* :mod:`~finsamdash.privacy.recode` and :mod:`~finsamdash.privacy.layout` – recoding before hiding;
* :mod:`~finsamdash.privacy.participants`, :mod:`~finsamdash.privacy.survey`, :mod:`~finsamdash.privacy.goals` –
  the cells of the participant pages, the summary, the core indicators and the goals;
* :mod:`~finsamdash.privacy.pack` – one joint audit per pack, against the previous meeting's pack;
* :mod:`~finsamdash.privacy.disclosure` – the answer (:class:`Disclosure`), and :mod:`~finsamdash.privacy.views`,
  page-ready frames read from it.
"""

from finsamdash.privacy.disclosure import Disclosure, GoalCells
from finsamdash.privacy.pack import audit_pack
from finsamdash.privacy.registry import is_unsafe
from finsamdash.privacy.views import HIDDEN

__all__ = ["HIDDEN", "Disclosure", "GoalCells", "audit_pack", "is_unsafe"]
