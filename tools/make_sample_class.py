"""Make the synthetic sample class that ``notebooks/teacher/class-results.ipynb`` reads.

SYNTHETIC DATA: no real student is behind any file. Twelve invented students
(``synthetic-01`` … ``synthetic-12``) answer every lesson's bank through a simple seeded
model (ability against item difficulty by level; a "typical" wrong answer per item chosen
more often than the others; up to three attempts; times a few minutes apart; position polls
that shift a little, in no particular direction). The folder also gets
``keys/keys-sample.json`` (the frozen keys the notebook grades with, so the stored results
do not move when a bank is edited) and one deliberately corrupt file to show how bad files
are reported.

Run ``python tools/make_sample_class.py`` (then ``python course.py execute
notebooks/teacher/class-results.ipynb``) after changing a bank, if the sample should follow.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "teacher" / "sample-class"
SEED = 20261201
N_STUDENTS = 12
START = datetime(2024, 10, 7, 9, 0, tzinfo=UTC)
DIFFICULTY = {"recall": -0.4, "explain": 0.3, "apply": 0.7, "evaluate": 1.0}
WRITTEN = (
    "The article argues that the root problem is the absence of collective will to defend "
    "Ukraine, so moving coordination into NATO changes the form of support more than its "
    "substance. The evidence in the lesson shows both sides: predictability and burden "
    "sharing on one hand, consensus and national decisions on the other."
)


def stamp(t: datetime) -> str:
    """ISO 8601 UTC with a Z, as the course writes times."""
    return t.isoformat(timespec="seconds").replace("+00:00", "Z")


def item_rng(ex_id: str) -> random.Random:
    """A random source fixed per item, so adding an item leaves the others unchanged."""
    return random.Random(f"{SEED}-{ex_id}")


def wrong_answers(ex: Any, rng: random.Random) -> list[Any]:
    """Plausible wrong raw answers, the first being the item's "typical" error."""
    key = ex.to_dict()["key"]
    kind = ex.kind
    out: list[Any] = []
    if kind in ("multiple_choice", "true_false"):
        out = [o for o in ex.options if o != key]
        rng.shuffle(out)
        return out
    if kind == "multiple_select":
        others = [o for o in ex.options if o not in key]
        if len(key) > 1:
            out.append(sorted(key)[:-1])
        out += [sorted([*key, o]) for o in others[:2]]
        return out or [others[:1]]
    if kind == "numeric":
        k = float(key)
        candidates = [k * 2, k / 2, k + 10, round(k * 1.3, 1), k - 1]
        return [
            f"{c:g}"
            for c in candidates
            if abs(c - k) > max(ex.tolerance, abs(k) * ex.rel_tolerance, 1e-9) * 1.5
        ]
    if kind == "order":
        key = list(key)
        for i in range(len(key) - 1):
            swapped = key[:]
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            out.append({item: n + 1 for n, item in enumerate(swapped)})
        rng.shuffle(out)
        return out
    if kind == "sort":
        cats = list(ex.categories)
        for item in ex.items:
            other = next(c for c in cats if c != key[item])
            out.append({**key, item: other})
        rng.shuffle(out)
        return out
    return []


def right_answer(ex: Any) -> Any:
    """The key in the form a widget records it."""
    key = ex.to_dict()["key"]
    if ex.kind == "numeric":
        return f"{float(key):g}"
    if ex.kind == "order":
        return {item: n + 1 for n, item in enumerate(key)}
    return key


def entry_for(
    ex: Any, theta: float, rng: random.Random, t: datetime
) -> tuple[dict[str, Any], datetime]:
    """One student's export entry for one item, and the time after it."""
    first = t
    if ex.kind == "poll":
        options = list(ex.options)
        answer = rng.choices(options, weights=[3, 3, 4][: len(options)] + [1] * (len(options) - 3))[
            0
        ]
        submitted = [answer]
    elif ex.kind == "written":
        words = WRITTEN.split()
        answer = " ".join(words[: max(getattr(ex, "min_words", 25) + rng.randint(0, 15), 10)])
        submitted = [None]  # long answers appear as null in the history
    else:
        irng = item_rng(ex.id)
        difficulty = DIFFICULTY.get(ex.level or "apply", 0.0) + irng.gauss(0, 0.6)
        wrongs = wrong_answers(ex, irng)
        submitted = []
        p = 1 / (1 + math.exp(-1.3 * (theta - difficulty)))
        for attempt in range(3):
            if rng.random() < p or not wrongs:
                submitted.append(right_answer(ex))
                break
            weights = [3] + [1] * (len(wrongs) - 1)
            submitted.append(rng.choices(wrongs, weights=weights)[0])
            p = min(0.9, p + 0.12)
            t += timedelta(minutes=rng.randint(1, 2))
            if attempt == 2:
                break
        answer = submitted[-1]
    t += timedelta(minutes=rng.randint(1, 5))
    wrong_at_end = ex.kind not in ("poll", "written") and answer != right_answer(ex)
    entry = {
        "exercise": ex.id,
        "question_hash": ex.question_hash,
        "answer": answer,
        "attempts": len(submitted),
        "hints_used": rng.randint(0, 1) if len(submitted) > 1 else 0,
        "answer_revealed": bool(wrong_at_end and len(submitted) == 3),
        "first_answered_at": stamp(first),
        "last_answered_at": stamp(t),
        "submitted": submitted,
    }
    return entry, t


def main(argv: list[str] | None = None) -> int:
    """Write the sample folder (replacing an older one); ``--out DIR`` writes elsewhere."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[1]) if args[:1] == ["--out"] and len(args) == 2 else OUT
    sys.path.insert(0, str(ROOT / "src"))
    from helpers.classroom.keys import frozen_exercises, keys_document
    from helpers.exercises.bank import all_banks

    rng = random.Random(SEED)
    banks = [
        b for b in all_banks(ROOT / "banks") if (ROOT / "notebooks" / f"{b.lesson}.ipynb").exists()
    ]
    frozen = {b.lesson: frozen_exercises(b) for b in banks}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    thetas = [rng.gauss(0, 1) for _ in range(N_STUDENTS)]
    for index, bank in enumerate(banks):
        for s, theta in enumerate(thetas, start=1):
            student = f"synthetic-{s:02d}"
            t = START + timedelta(days=7 * index, minutes=rng.randint(0, 30))
            answers = []
            for ex in frozen[bank.lesson].values():
                if rng.random() < 0.05:
                    continue  # an item left out now and then
                entry, t = entry_for(ex, theta, rng, t)
                answers.append(entry)
            doc = {
                "schema_version": 1,
                "course": "nato-ukraine-course",
                "notebook": bank.lesson,
                "exported_at": stamp(t + timedelta(minutes=2)),
                "student": student,
                "answers": answers,
            }
            path = out / f"answers-{bank.lesson}-{student}.json"
            path.write_text(
                json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
            )
    everything = {i: ex for exs in frozen.values() for i, ex in exs.items()}
    (out / "keys").mkdir()
    (out / "keys" / "keys-sample.json").write_text(
        json.dumps(keys_document(everything), ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    (out / "answers-corrupt-example.json").write_bytes(b'{"answers": ' + b"[" * 5000 + b"\n")
    (out / "README.md").write_text(
        "# Synthetic sample class (not real students)\n\n"
        f"Made by `tools/make_sample_class.py` (seed {SEED}): {N_STUDENTS} invented students "
        f"answer {len(banks)} lessons through a simple random model. No file here comes from a "
        "person. `keys/keys-sample.json` holds the keys the sample is graded with (frozen "
        "when it was made); `answers-corrupt-example.json` is broken on purpose, to show how "
        "a bad file "
        "is reported. Regenerate with `python tools/make_sample_class.py`.\n",
        encoding="utf-8",
    )
    print(f"Wrote {N_STUDENTS} synthetic students x {len(banks)} lessons to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
