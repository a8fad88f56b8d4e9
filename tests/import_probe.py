"""Import helpers modules one by one, each in a forked child, and report their side effects.

Run by tests/test_module_imports.py as ``python tests/import_probe.py TREE MODULE...`` in a
fresh interpreter whose working directory, ``HOME``, ``TMPDIR`` and ``COURSE_ANSWERS_DIR``
are empty temporary folders and whose ``PYTHONPATH`` starts with ``TREE/src``: a copy of
the repository's ``src``, ``data`` and ``banks``, so that the import sees a repository
tree and edits made in the real checkout while the test runs cannot pass for its writes.

The parent imports only numpy, pandas and Altair (third-party, the slow part of most
imports; they neither write files nor load ipywidgets: checked), then forks one child per
module. The child installs an audit hook that records every file opened for writing,
created, renamed or removed, imports the module, and sends back what it saw: the writes,
an import error, whether ``ipywidgets`` is in ``sys.modules``, and the module's file.
After each child the parent checks that the empty folders are still empty and that no
file of ``TREE`` changed (a snapshot of paths and mtimes), then empties them for the next.
The last line of output is ``RESULTS <json>``: one record per module.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
PATH_EVENTS = {
    "os.mkdir": (0,),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.rename": (0, 1),
    "os.symlink": (1,),
    "os.link": (1,),
    "os.truncate": (0,),
    "os.utime": (0,),
    "shutil.copyfile": (1,),
    "shutil.copytree": (1,),
    "shutil.rmtree": (0,),
    "tempfile.mkstemp": (0,),
    "tempfile.mkdtemp": (0,),
    "sqlite3.connect": (0,),
}
NOT_FILES = ("/dev/", "/proc/")
PRELOADED = ("numpy", "pandas", "altair")


def _write_event(event: str, args: tuple[Any, ...]) -> str | None:
    """The path an audit event writes to, or None if it writes nothing."""
    if event == "open":
        path, mode, flags = [*args, None, None, None][:3]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and bool(flags & WRITE_FLAGS)
        )
        paths = [path] if writes else []
    elif event in PATH_EVENTS:
        paths = [args[i] for i in PATH_EVENTS[event] if i < len(args)]
    else:
        return None
    for path in paths:
        if isinstance(path, (str, bytes, os.PathLike)):
            text = os.fsdecode(path)
            if text != ":memory:" and not text.startswith(NOT_FILES):
                return f"{event} {text}"
    return None


def _import_in_child(module: str) -> dict[str, Any]:
    """Fork, import ``module`` in the child, and return what the child reports."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        writes: list[str] = []
        watching = [True]

        def hook(event: str, args: tuple[Any, ...]) -> None:
            if watching[0]:
                found = _write_event(event, args)
                if found:
                    writes.append(found)

        sys.addaudithook(hook)
        error = None
        try:
            importlib.import_module(module)
        except BaseException as exc:  # report any failure, including SystemExit
            error = f"{type(exc).__name__}: {exc}"
        watching[0] = False
        loaded = sys.modules.get(module)
        report = {
            "error": error,
            "writes": writes,
            "ipywidgets": "ipywidgets" in sys.modules,
            "file": getattr(loaded, "__file__", None),
        }
        os.write(write_end, json.dumps(report).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        died = f"the child died (status {status})"
        return {"error": died, "writes": [], "ipywidgets": False, "file": None}
    return json.loads(b"".join(chunks))


def _snapshot(tree: Path) -> dict[str, int]:
    return {str(p.relative_to(tree)): p.stat().st_mtime_ns for p in tree.rglob("*")}


def _leftovers(folder: Path) -> list[str]:
    """What is in ``folder`` (it should be empty); the folder is emptied afterwards."""
    found = sorted(str(p) for p in folder.rglob("*"))
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    return found


def main(argv: list[str]) -> int:
    """Probe every module named in ``argv[1:]`` against the tree ``argv[0]``."""
    tree, modules = Path(argv[0]), argv[1:]
    watched = [Path.cwd(), Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])]
    watched.append(Path(os.environ["COURSE_ANSWERS_DIR"]))
    sys.dont_write_bytecode = True
    # Third-party libraries every child would import again, loaded once here (none of them
    # writes a file or loads ipywidgets on import: checked below).
    for name in PRELOADED:
        importlib.import_module(name)
    if "ipywidgets" in sys.modules:
        raise SystemExit("a preloaded library imports ipywidgets: the probe cannot tell")
    preload_leftovers = [f for folder in watched for f in _leftovers(folder)]
    if preload_leftovers:
        raise SystemExit(f"a preloaded library wrote files: {preload_leftovers}")

    results = {}
    for module in modules:
        before = _snapshot(tree)
        report = _import_in_child(module)
        after = _snapshot(tree)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        report["tree_changes"] = changed
        report["leftovers"] = [f for folder in watched for f in _leftovers(folder)]
        results[module] = report
    print("RESULTS " + json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
