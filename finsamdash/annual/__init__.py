"""The annual report's statistics chapter (verksamhetsberättelsen) as an editable Word document.

* :mod:`~finsamdash.annual.counts` – every count the document publishes, audited in one place
  (:func:`~finsamdash.annual.counts.audited_counts`);
* :mod:`~finsamdash.annual.report` – the content: chapters, sentences, tables and charts
  (:func:`~finsamdash.annual.report.annual_report`);
* :mod:`~finsamdash.annual.docx` – the Word file (python-docx, charts rendered offline by kaleido), written
  atomically (:func:`~finsamdash.annual.docx.write_docx`).

``finsamdash annual-report DATA --association ID --year YYYY`` runs :func:`write_annual_report`.
"""

from __future__ import annotations

from pathlib import Path

from finsamdash.data.contract import DEFAULT_MIN_COUNT
from finsamdash.data.dataset import Dataset

__all__ = ["write_annual_report"]


def write_annual_report(data: Dataset | str | Path, association_id: str, year: int, out: str | Path | None = None,
                        *, template: str | Path | None = None, min_count: int = DEFAULT_MIN_COUNT,
                        charts: bool = True) -> Path:
    """Validate ``data`` (a dataset, or a folder of CSV files / an .xlsx workbook), build the statistics chapter of
    ``association_id``'s annual report for ``year`` and write it to ``out`` (default
    ``verksamhetsberattelse-<id>-<year>.docx`` in the current folder). Returns the file written.

    Invalid data raises :class:`~finsamdash.errors.DataValidationError` (nothing is written); an unknown
    association, a year not yet ended or a year without data raise :class:`~finsamdash.errors.UsageError`."""
    from finsamdash.annual.docx import check_output, write_docx
    from finsamdash.annual.report import annual_report
    from finsamdash.data.validate import load
    from finsamdash.wording.annual import default_file_name

    target = Path(out) if out is not None else Path(default_file_name(association_id, int(year)))
    template = Path(template) if template is not None else None
    check_output(target, template)  # a wrong file name or template is told before a minute of work
    dataset = data if isinstance(data, Dataset) else load(data)
    report = annual_report(dataset, association_id, int(year), min_count=min_count)
    return write_docx(report, target, template=template, charts=charts)
