"""Build the course website and printable handouts from the lessons' stored outputs.

Called by ``python course.py site [--pdf]``. Nothing is executed: every lesson page is made
from the outputs committed in notebooks/, by Jupyter Book 1 (Sphinx with myst-nb), which
builds offline. (Jupyter Book 2 / mystmd downloads its site theme when it builds, so it
cannot build here.) Steps:

1. copy each lesson (notebooks/NN-slug.ipynb) into build/site/src/lessons/, changing only
   how outputs are shown: each chart becomes an HTML figure holding its Vega-Lite spec (drawn
   interactively by a local Vega bundle) and its PNG (shown in print and without JavaScript);
   code inputs are folded away; a launch bar (Binder, or a school's JupyterHub through
   nbgitpuller) goes under the title;
2. write the book's intro and "open on your JupyterHub" pages, configuration, table of
   contents and static files (screen and print stylesheets, the chart script);
3. run ``jupyter-book build`` into build/site/_build/html;
4. with ``--pdf``, print each lesson page to build/site/handouts/NN-slug.pdf with headless
   Chromium when it is installed (the print stylesheet makes each page a handout).

Only lessons are published: the instructor guide, reviews and rendered keys in docs/ are never
copied, and exercises appear only as their stored static text (never their keys).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build" / "site"
VEGALITE = "application/vnd.vegalite.v5+json"
PNG = "image/png"
CHROMIUM = Path("/usr/bin/chromium")
# The Vega-Lite version the stored specs declare (Altair 5.5 writes v5.20).
VEGALITE_VERSION = "v5.20"


def site_settings() -> dict[str, Any]:
    """tools/site/site.toml: repository, release tag and Binder address for launch links."""
    return tomllib.loads((HERE / "site.toml").read_text(encoding="utf-8"))


def lessons() -> list[Path]:
    """Every lesson notebook, in course order (new lessons are picked up automatically)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def binder_url(settings: dict[str, Any], lesson: str) -> str:
    """Binder link that opens ``lesson`` in JupyterLab at the release tag."""
    return (
        f"{settings['binderhub']}/v2/gh/{settings['repository']}/{settings['release']}"
        f"?urlpath=lab/tree/notebooks/{lesson}"
    )


def chart_figure(data: dict[str, Any], index: str) -> str:
    """An HTML figure: the Vega-Lite spec (drawn by course-charts.js) and its PNG fallback."""
    spec = data[VEGALITE]
    description = spec.get("description", "")
    png = "".join(data.get(PNG, "").split())
    payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    img = (
        f'<img class="course-chart-png" src="data:image/png;base64,{png}" '
        f'alt="{html.escape(description)}">'
        if png
        else ""
    )
    return (
        f'<figure class="course-chart">'
        f'<div class="course-vega" data-spec="{index}" role="img" '
        f'aria-label="{html.escape(description)}"></div>{img}'
        f'<script type="application/json" id="{index}">{payload}</script>'
        f'<figcaption class="course-chart-text">{html.escape(description)}</figcaption>'
        f"</figure>"
    )


def launch_bar(settings: dict[str, Any], lesson: str) -> str:
    """The launch bar under a lesson's title (a Markdown cell holding HTML)."""
    return (
        '<div class="course-launch" role="navigation" aria-label="Open this lesson">'
        f'<a class="course-launch-binder" href="{html.escape(binder_url(settings, lesson))}">'
        "Open in Binder (JupyterLab)</a> "
        f'<a class="course-launch-hub" href="../launch.html?lesson={html.escape(lesson)}">'
        "Open on your school's JupyterHub</a>"
        "</div>"
    )


def transform(nb: Any, settings: dict[str, Any], lesson: str) -> Any:
    """The site's copy of a lesson: charts as figures, inputs folded, a launch bar."""
    stem = lesson.removesuffix(".ipynb")
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.setdefault("tags", [])
        if "hide-input" not in tags:
            tags.append("hide-input")
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if VEGALITE in data:
                count += 1
                out["data"] = {
                    "text/html": chart_figure(data, f"course-spec-{stem}-{count}"),
                    "text/plain": data.get("text/plain", ""),
                }
                out["metadata"] = {}
    first_markdown = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    nb.cells.insert(first_markdown + 1, nbformat.v4.new_markdown_cell(launch_bar(settings, lesson)))
    nb.metadata.pop("widgets", None)
    return nb


def lesson_title(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            m = re.search(r"^#\s+(.+)$", "".join(cell["source"]), re.MULTILINE)
            if m:
                return m.group(1).strip()
    return path.stem


def intro_page(settings: dict[str, Any], paths: list[Path]) -> str:
    rows = "\n".join(f"- [{lesson_title(p)}](lessons/{p.stem}.ipynb)" for p in paths)
    return f"""# NATO and Ukraine, 2008–2024

An open course in interactive notebooks. This website shows every lesson as it was last
checked: its text, charts (interactive where your browser runs JavaScript), exercises as
questions, and the answers download. To answer the exercises and run the lesson, open it
with the buttons at the top of each lesson page: **Binder** (free, in your browser, nothing
to install; sessions end when idle, so download your answers) or **your school's
JupyterHub**.

## Lessons

{rows}

## Handouts

Print any lesson page (or save it as PDF from the print dialogue): the print layout keeps the
text, the questions and each chart as an image, and leaves out menus and buttons.

Release: `{settings["release"]}`.
"""


LAUNCH_PAGE = """# Open a lesson on your school's JupyterHub

Type your hub's address and choose a lesson: the link opens it in your own JupyterLab on the
hub, fetching the course with nbgitpuller (your hub needs the course's packages, see the
README).

```{raw} html
<form id="course-hub-form" class="course-hub-form">
  <p><label for="course-hub">JupyterHub address</label>
  <input id="course-hub" name="hub" type="url" placeholder="https://hub.example.edu" required></p>
  <p><label for="course-lesson">Lesson</label>
  <select id="course-lesson" name="lesson">
__OPTIONS__
  </select></p>
  <p><button type="submit">Make the link</button></p>
</form>
<p class="course-hub-result" role="status"><a id="course-hub-link" href="#"></a></p>
<script>
(function () {
  const repo = __REPO__;
  const branch = __BRANCH__;
  const form = document.getElementById("course-hub-form");
  const wanted = new URLSearchParams(window.location.search).get("lesson");
  if (wanted) { document.getElementById("course-lesson").value = wanted; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const hub = document.getElementById("course-hub").value.replace(/\\/+$/, "");
    const lesson = document.getElementById("course-lesson").value;
    const name = repo.split("/").pop();
    const query = new URLSearchParams({
      repo: "https://github.com/" + repo, branch: branch,
      urlpath: "lab/tree/" + name + "/notebooks/" + lesson});
    const link = document.getElementById("course-hub-link");
    link.href = hub + "/hub/user-redirect/git-pull?" + query.toString();
    link.textContent = link.href;
  });
})();
</script>
```
"""


def write_sources(src: Path, settings: dict[str, Any]) -> list[Path]:
    """Write the book's sources into ``src``; return the lessons included."""
    if src.exists():
        shutil.rmtree(src)
    (src / "lessons").mkdir(parents=True)
    paths = lessons()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.write(transform(nb, settings, path.name), src / "lessons" / path.name)
    (src / "intro.md").write_text(intro_page(settings, paths), encoding="utf-8")
    options = "\n".join(
        f'    <option value="{p.name}">{html.escape(lesson_title(p))}</option>' for p in paths
    )
    (src / "launch.md").write_text(
        LAUNCH_PAGE.replace("__OPTIONS__", options)
        .replace("__REPO__", json.dumps(settings["repository"]))
        .replace("__BRANCH__", json.dumps(settings["release"])),
        encoding="utf-8",
    )
    toc = ["format: jb-book", "root: intro", "chapters:"]
    toc += [f"- file: lessons/{p.stem}" for p in paths]
    toc += ["- file: launch"]
    (src / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    shutil.copyfile(HERE / "_config.yml", src / "_config.yml")
    static = src / "_static"
    shutil.copytree(HERE / "static", static)
    # In a function scope: the bundle's top-level names (e.g. `_`) would clash with Sphinx's.
    (static / "vega-bundle.js").write_text(
        "(function () {\n" + vega_bundle() + "\n})();\n", encoding="utf-8"
    )
    return paths


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one local script (cached in build/site)."""
    cache = BUILD / f"vega-bundle-{VEGALITE_VERSION}-globals.js"
    if not cache.exists():
        import vl_convert

        cache.parent.mkdir(parents=True, exist_ok=True)
        snippet = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
        cache.write_text(vl_convert.javascript_bundle(snippet, VEGALITE_VERSION), "utf-8")
    return cache.read_text(encoding="utf-8")


def jupyter_book() -> str:
    exe = Path(sys.executable).parent / "jupyter-book"
    return str(exe) if exe.exists() else "jupyter-book"


def build(out: Path = BUILD) -> Path:
    """Build the site into ``out``/_build/html; return that folder."""
    settings = site_settings()
    src = out / "src"
    write_sources(src, settings)
    html_dir = out / "_build" / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    subprocess.run(
        [jupyter_book(), "build", str(src), "--path-output", str(out), "--builder", "html"],
        check=True,
    )
    for page in html_dir.rglob("*.html"):
        strip_thebe(page)
    return html_dir


THEBE = [
    re.compile(r"<script>const THEBE_JS_URL = .*?</script>\s*", re.DOTALL),
    re.compile(r'<script[^>]*src="[^"]*sphinx-thebe\.js[^"]*"></script>\s*'),
    re.compile(r'<link[^>]*href="[^"]*sphinx-thebe\.css[^"]*"\s*/?>\s*'),
]


def strip_thebe(page: Path) -> None:
    """Remove sphinx-thebe's leftovers (Jupyter Book 1 always loads the extension).

    Live code (thebe) is off on this site, yet every page carried its settings twice (a
    "THEBE_JS_URL has already been declared" error) and the address of a CDN copy of thebe.
    """
    text = page.read_text(encoding="utf-8")
    new = text
    for pattern in THEBE:
        new = pattern.sub("", new)
    if new != text:
        page.write_text(new, encoding="utf-8")


def print_pdfs(html_dir: Path, out: Path) -> list[Path]:
    """Print each lesson page to a PDF handout with headless Chromium (if installed)."""
    if not CHROMIUM.exists():
        print("[course] no Chromium: skipping PDF handouts (print from the browser instead)")
        return []
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for page in sorted((html_dir / "lessons").glob("*.html")):
        pdf = out / f"{page.stem}.pdf"
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        made.append(pdf)
    return made


def main(argv: list[str]) -> int:
    html_dir = build()
    print(f"[course] website: {html_dir / 'index.html'}")
    if "--pdf" in argv:
        for pdf in print_pdfs(html_dir, BUILD / "handouts"):
            print(f"[course] handout: {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
