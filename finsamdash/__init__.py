"""finsamdash: dashboards and board meeting packs for Swedish samordningsförbund (Finsam associations).

Public API (everything else is internal and may change):

- :func:`load` – read and validate a dataset (folder of CSV files or one ``.xlsx``) into a :class:`Dataset`
- :func:`check` – the same without raising: ``(dataset or None, issues)``
- :func:`summary` – the year's key figures of one association (small counts suppressed unless ``raw=True``)
- :func:`write_template` – the empty Excel workbook for users; :func:`write_demo` – the synthetic demo dataset
- :class:`FinsamError` – base of every error raised on purpose (:class:`DataValidationError`, ...)
"""

from finsamdash.data.dataset import Dataset
from finsamdash.data.issues import Issue
from finsamdash.data.validate import check, load
from finsamdash.errors import DataValidationError, FinsamError, InputFileError, UsageError
from finsamdash.report import summary

__version__ = "0.1.0"


def write_template(path):
    """Write the empty Excel template (see :mod:`finsamdash.data.template`)."""
    from finsamdash.data.template import write_template as _write

    return _write(path)


def write_demo(out_dir, **kwargs):
    """Write the synthetic demo dataset (see :mod:`finsamdash.data.demo`)."""
    from finsamdash.data.demo import write_demo as _write

    return _write(out_dir, **kwargs)


__all__ = [
    "DataValidationError",
    "Dataset",
    "FinsamError",
    "InputFileError",
    "Issue",
    "UsageError",
    "check",
    "load",
    "summary",
    "write_demo",
    "write_template",
]
