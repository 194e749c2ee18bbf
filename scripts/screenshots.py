"""Take the documentation's screenshots from a running demo (docs/screenshots/).

    SIGAP_VAR_DIR=/tmp/shots make demo                    # a demo database of its own
    SIGAP_VAR_DIR=/tmp/shots PORT=8765 scripts/serve.sh &  # served the production way
    SIGAP_VAR_DIR=/tmp/shots .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8765

It signs in as the demo caseworker and supervisor of UPTD PPA Bandung (Indonesian, the default
language) and saves the home of each, a case under way and a guided assessment, at 360 px (a phone)
and 1280 px wide. Demo data only: every name in them is synthetic. Needs Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

WIDTHS = {"360": {"width": 360, "height": 740}, "1280": {"width": 1280, "height": 900}}
CASEWORKER = "caseworker.bandung@demo.sigap.test"
SUPERVISOR = "supervisor.bandung@demo.sigap.test"


def pages_to_take() -> dict[str, tuple[str, str]]:
    """name -> (account, path): the demo records are looked up in the database the server uses."""
    import django

    django.setup()
    from sigap.cases.models import Assessment, Case, Stage

    case = (
        Case.objects.filter(case_manager__email=CASEWORKER, stage=Stage.IMPLEMENTATION)
        .order_by("-registered_at")
        .first()
    )
    assessment = (
        Assessment.objects.filter(case__case_manager__email=CASEWORKER, form_response__isnull=False)
        .order_by("-created_at")
        .first()
    )
    if case is None or assessment is None:
        raise SystemExit("the demo data has no case under way or no guided assessment: run make demo first")
    return {
        "home-caseworker": (CASEWORKER, "/"),
        "home-supervisor": (SUPERVISOR, "/"),
        "case-page": (CASEWORKER, f"/cases/{case.pk}/"),
        "assessment": (CASEWORKER, f"/cases/{assessment.case_id}/assessments/{assessment.pk}/"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--password", default=os.environ.get("SIGAP_DEMO_PASSWORD", "sigap-demo-2026"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    shots = pages_to_take()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for width, viewport in WIDTHS.items():
            for account in (CASEWORKER, SUPERVISOR):
                context = browser.new_context(viewport=viewport, locale="id-ID")
                page = context.new_page()
                page.goto(f"{args.base}/accounts/login/")
                page.fill("input[name=username]", account)
                page.fill("input[name=password]", args.password)
                page.locator("form button[type=submit]").first.click()
                page.wait_for_load_state("networkidle")
                for name, (who, path) in shots.items():
                    if who != account:
                        continue
                    page.goto(f"{args.base}{path}")
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{width}.png"
                    # The first screen: what a worker sees before scrolling.
                    page.screenshot(path=str(target))
                    print(f"{target}: {path}")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
