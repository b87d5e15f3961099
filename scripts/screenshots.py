"""Screenshot every page of a running dashboard with Debian's Chromium (no browser download).

    python scripts/screenshots.py http://localhost:8501 OUT_DIR [query-string] [pages]

SHOT_WIDTH (default 1440) and SHOT_HEIGHT set the window; SHOT_PREFIX names the files
(``overview-vi-1366.png``); SHOT_WAIT_MS (default 3000) is the pause before each picture: a
busy machine draws a tall Plotly chart (the rollout Gantt) after the page has settled.

Used to look at the pages before a commit and for the README picture.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "overview": "tong-quan",
    "on_time": "dung-han",
    "satisfaction": "hai-long",
    "rollout": "mo-hinh",
    "dialogue": "doi-thoai",
    "index766": "chi-so-766",
    "map": "ban-do",
    "directives": "chi-dao",
    "import": "nhap-du-lieu",
}


def main(base: str, out: Path, query: str = "", only: list[str] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(
            viewport={
                "width": int(__import__("os").environ.get("SHOT_WIDTH", "1440")),
                "height": int(__import__("os").environ.get("SHOT_HEIGHT", "2600")),
            },
            device_scale_factor=1,
        )
        page.set_default_timeout(180_000)  # a loaded machine draws slowly
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for name, path in PAGES.items():
            if only and name not in only:
                continue
            page.goto(f"{base}/{path}{'?' + query if query else ''}", wait_until="networkidle")
            page.wait_for_selector("[data-testid='stApp']")
            # Until the script has run to its end (the status widget goes away), then the
            # charts' own drawing.
            page.wait_for_selector("h1", timeout=120_000)
            page.wait_for_timeout(1500)
            page.wait_for_selector(
                "[data-testid='stStatusWidget']", state="detached", timeout=120_000
            )
            page.wait_for_timeout(int(__import__("os").environ.get("SHOT_WAIT_MS", "3000")))
            file = out / f"{name}{__import__('os').environ.get('SHOT_PREFIX', '')}.png"
            page.screenshot(path=str(file), full_page=True, timeout=180_000)
            exc = page.locator("[data-testid='stException']").count()
            print(f"{name}: {'EXCEPTION ' if exc else ''}saved {file}")
        browser.close()
        for e in errors:
            print("console error:", e)


if __name__ == "__main__":
    main(
        sys.argv[1],
        Path(sys.argv[2]),
        sys.argv[3] if len(sys.argv) > 3 else "",
        sys.argv[4].split(",") if len(sys.argv) > 4 else None,
    )
