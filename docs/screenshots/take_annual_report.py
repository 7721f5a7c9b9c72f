"""Screenshots of the annual report's first pages (docs/screenshots/annual-report-1.png …).

Run with ``make screenshots`` or on its own: writes the demo association's statistics chapter for 2025 through the
command (``finsamdash annual-report data/demo --association norrsken --year 2025``), converts the Word document to
PDF with LibreOffice headless and renders the first :data:`PAGES` pages with pdftoppm. Needs Debian's chromium (the
charts), ``libreoffice-writer-nogui``, ``fonts-crosextra-carlito`` (Calibri's metric twin) and ``poppler-utils``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PAGES = 3
#: The demo data's meeting day (as the tests pin it): 2025 is then a closed year.
EPOCH = "1795435200"


def main() -> int:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", EPOCH)}
    with tempfile.TemporaryDirectory(prefix="annual-screens-") as folder:
        work = Path(folder)
        document = work / "verksamhetsberattelse-norrsken-2025.docx"
        subprocess.run([sys.executable, "-m", "finsamdash", "annual-report", str(ROOT / "data" / "demo"),
                        "--association", "norrsken", "--year", "2025", "--out", str(document)], check=True, env=env)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(work), str(document)], check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", str(PAGES), str(document.with_suffix(".pdf")),
                        str(work / "page")], check=True)
        for number, page in enumerate(sorted(work.glob("page-*.png")), start=1):
            target = OUT / f"annual-report-{number}.png"
            target.write_bytes(page.read_bytes())
            print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
