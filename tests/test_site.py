"""The course website (tools/site/build_site.py): built offline from stored outputs, every internal
link resolves, no page loads anything from another host, only student material is published,
charts are interactive (PNG in print), and each lesson prints as a handout."""

from __future__ import annotations

import html
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import lesson_paths

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "site"))
VEGALITE = "application/vnd.vegalite.v5+json"
# Tags whose URL the browser loads by itself (a resource), not one a reader follows (a link).
RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src")}
RESOURCE_LINK_RELS = {"stylesheet", "preload", "icon", "modulepreload", "prefetch", "manifest"}


class Refs(HTMLParser):
    """Collects a page's ids, links and loaded resources."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        for attr in ("src", "href"):
            url = a.get(attr)
            if not url:
                continue
            rels = set(a.get("rel", "").split())
            if (tag, attr) in RESOURCE_ATTRS or (tag == "link" and rels & RESOURCE_LINK_RELS):
                self.resources.append(url)
            else:
                self.links.append(url)


def parse(page: Path) -> Refs:
    refs = Refs()
    refs.feed(page.read_text(encoding="utf-8"))
    return refs


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Build the website once for the module (about a minute; no execution, no network)."""
    import build_site as build

    return build.build(tmp_path_factory.mktemp("site"))


def pages(site: Path) -> Iterator[Path]:
    """The site's pages (the theme's Jinja macro files under _static are not pages)."""
    yield from sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def is_external(url: str) -> bool:
    return bool(urlparse(url).scheme in ("http", "https") or url.startswith("//"))


# ---- the book --------------------------------------------------------------------------------


def test_every_lesson_has_a_page_listed_on_the_intro(site: Path) -> None:
    intro = (site / "intro.html").read_text(encoding="utf-8")
    for path in lesson_paths():
        assert (site / "lessons" / f"{path.stem}.html").is_file(), path.name
        assert f"lessons/{path.stem}.html" in intro, path.name
    assert (site / "launch.html").is_file()
    assert (site / "index.html").is_file()


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    ids = {page: parse(page).ids for page in pages(site)}
    for page in pages(site):
        refs = parse(page)
        for url in refs.links + refs.resources:
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https", "mailto", "data", "javascript") or url.startswith(
                "//"
            ):
                continue
            target = page if not parsed.path else (page.parent / unquote(parsed.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif (
                parsed.fragment
                and target.suffix == ".html"
                and parsed.fragment not in (ids[target] if target in ids else parse(target).ids)
            ):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    assert broken == [], broken


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    external = []
    for page in pages(site):
        external += [f"{page.name}: {u}" for u in parse(page).resources if is_external(u)]
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text("utf-8", "replace")):
            if is_external(url):
                external.append(f"{css.relative_to(site)}: {url}")
    assert external == [], external


def test_only_student_material_is_published(site: Path) -> None:
    names = {p.relative_to(site).as_posix() for p in site.rglob("*")}
    assert not [n for n in names if re.search(r"instructor|/keys?/|keys/|review", n)]
    text = {
        p: re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", p.read_text("utf-8"))))
        for p in (site / "lessons").glob("*.html")
    }
    everything = " ".join(text.values())
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    first_para = next(p for p in guide.split("\n\n") if p.strip() and not p.startswith("#"))
    assert re.sub(r"\s+", " ", first_para.strip())[:60] not in everything
    leaks = []
    for bank in sorted((ROOT / "banks").glob("*.toml")):
        for item in tomllib.loads(bank.read_text(encoding="utf-8")).get("exercise", []):
            explanation = re.sub(r"\s+", " ", item.get("explanation", "")).strip()
            if len(explanation) > 40 and explanation[:60] in everything:
                leaks.append(item["id"])
    assert leaks == [], f"explanations (answers) published: {leaks}"


def test_each_chart_is_an_interactive_spec_with_its_png_and_description(site: Path) -> None:
    for path in lesson_paths():
        nb = json.loads(path.read_text(encoding="utf-8"))
        stored = [
            o["data"]
            for c in nb["cells"]
            for o in c.get("outputs", [])
            if VEGALITE in o.get("data", {})
        ]
        page = (site / "lessons" / f"{path.stem}.html").read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="course-chart">.*?</figure>', page, re.DOTALL)
        assert len(figures) == len(stored), path.name
        for figure, data in zip(figures, stored, strict=True):
            description = html.escape(data[VEGALITE]["description"])
            assert f'alt="{description}"' in figure
            assert 'class="course-chart-png" src="data:image/png;base64,' in figure
            assert '<script type="application/json"' in figure


def test_each_lesson_has_launch_links_to_the_release(site: Path) -> None:
    import build_site as build

    settings = build.site_settings()
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {settings['release'].removeprefix('v')}" in citation
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"/v2/gh/{settings['repository']}/{settings['release']}?" in readme
    for path in lesson_paths():
        page = html.unescape((site / "lessons" / f"{path.stem}.html").read_text("utf-8"))
        assert build.binder_url(settings, path.name) in page
        assert f"../launch.html?lesson={path.name}" in page


# ---- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (what a student's browser would load)."""
    import functools
    import http.server
    import threading

    from browser import chromium_available

    if not chromium_available():
        pytest.skip("Debian's chromium is not installed")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.mark.browser
def test_pages_draw_charts_offline_and_print_as_handouts(served: str, tmp_path: Path) -> None:
    from browser import Blocked, browser_page, screenshot

    blocked = Blocked()
    with browser_page(blocked) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in lesson_paths():
            page.emulate_media(media="screen")
            page.goto(f"{served}lessons/{path.stem}.html")
            figures = page.locator("figure.course-chart")
            n = figures.count()
            if n:
                page.wait_for_function(
                    "(n) => document.querySelectorAll('.course-chart-drawn').length === n",
                    arg=n,
                    timeout=30_000,
                )
                assert page.locator('.course-vega svg g[class^="mark-"]').count() >= n
            # Print layout: chart images shown, interactive charts and navigation hidden.
            page.emulate_media(media="print")
            for i in range(n):
                assert figures.nth(i).locator(".course-chart-png").is_visible()
                assert not figures.nth(i).locator(".course-vega").is_visible()
            assert not page.locator(".course-launch").is_visible()
            assert not page.locator(".bd-sidebar-primary").is_visible()
            assert page.locator("h1").first.is_visible()
            pdf = page.pdf(format="A4", print_background=False)
            assert pdf[:4] == b"%PDF" and len(pdf) > 10_000, path.name
            (tmp_path / f"{path.stem}.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
        page.goto(f"{served}launch.html?lesson=01-the-alliance.ipynb")
        page.fill("#course-hub", "https://hub.example.edu/")
        page.click("#course-hub-form button")
        link = page.locator("#course-hub-link").get_attribute("href") or ""
        assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=")
        assert "notebooks%2F01-the-alliance.ipynb" in link
        screenshot(page, "site-launch-form")
        assert errors == [], errors
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"
