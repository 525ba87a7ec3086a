"""Benchmark the build against raw WeasyPrint on this machine. Not a test: it prints figures.

    python bench/bench.py            # the figures
    python bench/bench.py --profile  # where a cold 1-job build spends its time (cProfile)
    python bench/bench.py --district # only the district: 200 schools x 2 languages
    python bench/bench.py --languages # each language's PDFs against English's, then every
                                      # language's drafts with 1 job and 2 jobs
    python bench/bench.py --against 42bf0df  # this tree against another commit, side by side
    python bench/bench.py --noop     # only the build with nothing to do, with and without memo

Works on a temporary copy of the project, so dist/ and locales/ here are never touched.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from handouts.publishing.memo import MEMO_FILE

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("build.py", "babel.cfg", "handouts", "content", "locales", "templates")

FLOOR = """
import sys

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
fc = FontConfiguration()
for name in sys.argv[1:]:
    variant = "pdf/x-4" if "/print/" in name else "pdf/ua-1"
    HTML(filename=name).write_pdf(name + ".raw.pdf", pdf_variant=variant, font_config=fc)
"""


def copy(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return target


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def cpu_timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run: on a machine shared with other
    work, the CPU time moves least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(args, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def noop(root: Path, planned: bool = False, runs: int = 5) -> tuple[float, float]:
    """The best wall-clock and CPU seconds of a build with nothing to do. `planned`: without
    the memo of the last build (as after another command), so it plans and fingerprints."""
    walls, cpus = [], []
    for _ in range(runs):
        if planned:
            (root / "dist" / MEMO_FILE).unlink(missing_ok=True)
        wall, cpu = cpu_timed([sys.executable, "build.py"], root)
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), min(cpus)


def best(args: list[str], cwd: Path, runs: int = 3, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(args, cwd))
    return min(times)


SCHOOLS = 200


def district(root: Path) -> tuple[float, int]:
    """A district's whole list in one run (--profiles): seconds, and PDFs made."""
    rows = ["organization,organization_es,contact1_name,contact1_role,contact1_email"]
    rows += [f"School {n} Middle School,Escuela Secundaria {n},Counselor {n},Room {n},"
             f"counselor{n}@example.org" for n in range(1, SCHOOLS + 1)]
    csv = root / "district.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    seconds = timed([sys.executable, "build.py", "--force", "--material", "school-handout",
                     "--profiles", str(csv), "--locale", "en", "--locale", "es"], root)
    return seconds, len(list((root / "dist").glob("*/**/schools/*.pdf")))


def district_only() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, made = district(copy(Path(tmp)))
    print(f"district, {SCHOOLS} schools x 2 languages  {seconds:6.1f} s for {made} PDFs "
          f"({seconds / made:.2f} s each, desk and print)")


def print_noop(remembered: tuple[float, float], planned: tuple[float, float]) -> None:
    print(f"no-op rebuild               {remembered[0]:6.3f} s   {remembered[1]:.3f} s CPU "
          "(answered from the memo)")
    print(f"no-op rebuild, planned      {planned[0]:6.3f} s   {planned[1]:.3f} s CPU "
          "(no memo, as after another command)")


def noop_only() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy(Path(tmp))
        subprocess.run([sys.executable, "build.py", "-j", "2"], cwd=root, check=True,
                       capture_output=True)
        remembered, planned = noop(root), noop(root, planned=True)
    print_noop(remembered, planned)


def every_language(root: Path) -> tuple[float, float, int]:
    """A draft of every handout in every language with a catalog: 1-job and 2-job seconds."""
    build = [sys.executable, "build.py", "--draft", "--force"]
    langs = sorted(p.parent.parent.name for p in (root / "locales").glob("*/LC_MESSAGES/*.po"))
    chosen = [a for lang in ["en", *langs] for a in ("--locale", lang)]
    one = timed([*build, "-j", "1", *chosen], root)
    two = timed([*build, "-j", "2", *chosen], root)
    made = sum(1 for lang in ["en", *langs]
               for p in (root / "dist" / "drafts" / lang).rglob("*.pdf")
               if "schools" not in p.parts and "large-print" not in p.parts)
    return one, two, made


PER_LANGUAGE = """
import json
import sys
import tempfile
import time
from pathlib import Path

from handouts.context import Context
from handouts.jobs import Job
from handouts.materials import MATERIALS
from handouts.pdf.typeset import DESK_STANDARD
from handouts.project import Project
from handouts.publishing.pipeline import build
from handouts.render.handout import handout_html

rounds, langs = int(sys.argv[1]), sys.argv[2:]
context = Context(Project(Path.cwd()))
build(context, locales=["en"], materials=["hotline-card"], jobs=1, force=True)  # warm up
typesetter, out = context.typesetter, Path(tempfile.mkdtemp())
designed = [name for name, spec in MATERIALS.items() if not spec.statutory]
built, as_designed = {}, {}
for _ in range(rounds):
    for lang in langs:
        start = time.process_time()
        made = len(build(context, locales=[lang], jobs=1, force=True).seconds)
        each = (time.process_time() - start) / made
        built[lang] = min(each, built.get(lang, each))
        start = time.process_time()
        for name in designed:  # the designed size, desk: the script's own cost
            job = Job(lang, name, "desk", "la-county" if name == "school-handout" else None, False)
            document = typesetter.layout(handout_html(context.project, context.content,
                                                      context.env, job), standard=DESK_STANDARD)
            typesetter.write(document, out / "x.pdf", seed=b"", standard=DESK_STANDARD,
                             default_rgb=None, press=None)
        each = (time.process_time() - start) / len(designed)
        as_designed[lang] = min(each, as_designed.get(lang, each))
print(json.dumps([built, as_designed]))
"""


def approve_all(root: Path) -> None:
    """Clear every fuzzy flag in the copy: each language builds as a final handout does."""
    for po in (root / "locales").glob("*/LC_MESSAGES/messages.po"):
        catalog = read_po(io.BytesIO(po.read_bytes()))
        for message in catalog:
            message.flags.discard("fuzzy")
        buf = io.BytesIO()
        write_po(buf, catalog, width=76)
        po.write_bytes(buf.getvalue())


def per_language(root: Path, rounds: int = 2) -> tuple[dict[str, float], dict[str, float]]:
    """CPU seconds a PDF takes in each language, the best of `rounds`, in one warmed-up process
    (startup left out): built (every handout, desk and print, copyfitting included: a longer
    translation may take another layout or two), and as designed (each handout's desk PDF laid
    out and written once at its designed size: what the script itself costs). CPU time, not
    the clock: the machine is shared, and a busy neighbour slows the clock, not the work."""
    langs = sorted(p.parent.parent.name for p in (root / "locales").glob("*/LC_MESSAGES/*.po"))
    out = subprocess.run([sys.executable, "-c", PER_LANGUAGE, str(rounds), "en", *langs],
                         cwd=root, check=True, capture_output=True, text=True).stdout
    built, as_designed = json.loads(out.splitlines()[-1])
    return built, as_designed


def languages_only() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy(Path(tmp))
        one, two, made = every_language(root)
        approve_all(root)  # after the drafts: as each language builds once it is reviewed
        built, as_designed = per_language(root)
    print("CPU time a PDF takes, each language against English (best of 2; target <= 1.20 x)")
    print(f"  {'':<8} {'built (copyfit included)':<24}   {'as designed':<24}")
    for lang in sorted(built, key=lambda lang: -as_designed[lang]):
        ratios = built[lang] / built["en"], as_designed[lang] / as_designed["en"]
        print(f"  {lang:<8} {built[lang]:6.3f} s  {ratios[0]:4.2f} x English"
              f"   {as_designed[lang]:6.3f} s  {ratios[1]:4.2f} x English"
              f"{'   over target' if ratios[1] > 1.2 else ''}")
    threshold = [lang for lang in built if lang not in ("en", "es")]
    for label, figures in (("built", built), ("as designed", as_designed)):
        mean = sum(figures[lang] for lang in threshold) / len(threshold)
        print(f"  threshold languages, {label}: {mean / figures['en']:4.2f} x English")
    print(f"every language, draft       {one:6.1f} s 1 job, {two:6.1f} s 2 jobs "
          f"({one / two:4.2f}); {made} PDFs, {two / made:.2f} s each with 2 jobs")


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = copy(Path(tmp))
        build = [py, "build.py"]
        subprocess.run([*build, "--force", "--keep-html", "-j", "2"], cwd=root, check=True,
                       capture_output=True)
        htmls = sorted(str(p) for p in (root / "dist").rglob("*.html") if p.name != "index.html")
        floor = best([py, "-c", FLOOR, *htmls], root)
        cold1 = best([*build, "--force", "-j", "1"], root)
        cold2 = best([*build, "--force", "-j", "2"], root)
        remembered = noop(root)
        planned = noop(root, planned=True)

        po = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
        original = po.read_text(encoding="utf-8")
        counter = iter(range(1000))

        def edit_one_string() -> None:
            """Reword the longest Spanish string, as a translator saving in Poedit would.

            A word, not a number: an added number is an error the gates stop the build for."""
            catalog = read_po(io.BytesIO(original.encode("utf-8")))
            message = max((m for m in catalog if m.id and m.string), key=lambda m: len(m.string))
            message.string = f"{message.string} {'ya' * (1 + next(counter) % 3)}"
            buf = io.BytesIO()
            write_po(buf, catalog, width=76)
            po.write_bytes(buf.getvalue())

        edit = best(build, root, before=edit_one_string)
        po.write_text(original, encoding="utf-8")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        schools, made = district(root)
        many1, many2, many = every_language(root)

    print(f"outputs                     {len(htmls)} PDFs")
    print(f"raw WeasyPrint (floor)      {floor:6.2f} s")
    print(f"cold build, 1 job           {cold1:6.2f} s   ratio to floor {cold1 / floor:4.2f}"
          "  (target <= 1.15)")
    print(f"cold build, 2 jobs          {cold2:6.2f} s   1-job / 2-job  {cold1 / cold2:4.2f}"
          "  (target >= 1.7)")
    print_noop(remembered, planned)
    print(f"one Spanish string edited   {edit:6.2f} s")
    print(f"peak memory (one process)   {peak_mb:6.0f} MB")
    print(f"district, {SCHOOLS} schools x 2     {schools:6.1f} s   {made} PDFs, "
          f"{schools / made:.2f} s each")
    print(f"every language, draft       {many1:6.1f} s 1 job, {many2:6.1f} s 2 jobs "
          f"({many1 / many2:4.2f}); {many} PDFs, {many2 / many:.3f} s each against "
          f"{cold2 / len(htmls):.3f} s each for English and Spanish")


SIDE_BY_SIDE = ["--force", "-j", "1", "--locale", "en", "--locale", "es"]


def checkout(ref: str, target: Path) -> Path:
    """A clean tree of commit `ref` (what a fresh clone of it holds), without a clone's cost."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True)
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def against(ref: str, rounds: int = 5) -> None:
    """Cold en+es builds (1 job) and no-op builds of this tree and of `ref`, alternating.

    Both run in the same minutes on the same machine, so a slower machine or a busy moment
    slows both alike and the ratio still says whether the code got slower."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": copy(Path(tmp) / "this"), ref: checkout(ref, Path(tmp) / "ref")}
        for root in trees.values():  # warm the file cache and any first-run work
            subprocess.run([py, "build.py", *SIDE_BY_SIDE], cwd=root, check=True,
                           capture_output=True)
        cold: dict[str, list[float]] = {name: [] for name in trees}
        cold_cpu: dict[str, list[float]] = {name: [] for name in trees}
        noop_cpu: dict[str, list[float]] = {name: [] for name in trees}
        noop: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(rounds):
            for name, root in trees.items():
                wall, cpu = cpu_timed([py, "build.py", *SIDE_BY_SIDE], root)
                cold[name].append(wall)
                cold_cpu[name].append(cpu)
                wall, cpu = cpu_timed([py, "build.py", *SIDE_BY_SIDE[1:]], root)
                noop[name].append(wall)
                noop_cpu[name].append(cpu)
        made = len(list((trees["this tree"] / "dist").rglob("*.pdf")))
    mine, theirs = median(cold["this tree"]), median(cold[ref])
    cpu_mine, cpu_theirs = median(cold_cpu["this tree"]), median(cold_cpu[ref])
    print(f"cold en+es build, 1 job, median of {rounds} ({made} PDFs; wall-clock, and CPU time)")
    print(f"  {ref:<12} {theirs:6.2f} s   {cpu_theirs:6.2f} s CPU")
    print(f"  {'this tree':<12} {mine:6.2f} s   {cpu_mine:6.2f} s CPU   ratio {mine / theirs:4.2f}"
          f" ({cpu_mine / cpu_theirs:4.2f} in CPU time)")
    mine, theirs = median(noop["this tree"]), median(noop[ref])
    cpu_mine, cpu_theirs = median(noop_cpu["this tree"]), median(noop_cpu[ref])
    print(f"no-op build, median of {rounds} (wall-clock, and CPU time)")
    print(f"  {ref:<12} {theirs:6.3f} s   {cpu_theirs:.3f} s CPU")
    print(f"  {'this tree':<12} {mine:6.3f} s   {cpu_mine:.3f} s CPU   ratio {mine / theirs:4.2f}"
          f" ({cpu_mine / cpu_theirs:4.2f} in CPU time)")


def profile() -> None:
    """Profile a cold 1-job build and print where the time goes, heaviest first."""
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        root = copy(Path(tmp))
        out = root / "build.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "build.py", "--force",
                        "-j", "1"], cwd=root, check=True, capture_output=True)
        stats = pstats.Stats(str(out))
        stats.sort_stats("cumulative").print_stats(r"handouts|weasyprint/(__init__|document)", 25)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--profile", action="store_true", help="where a cold build spends its time")
    what.add_argument("--district", action="store_true", help="only the district run")
    what.add_argument("--languages", action="store_true", help="only every language's drafts")
    what.add_argument("--against", metavar="REF", help="this tree against commit REF")
    what.add_argument("--noop", action="store_true", help="only the build with nothing to do")
    args = parser.parse_args()
    if args.profile:
        profile()
    elif args.noop:
        noop_only()
    elif args.district:
        district_only()
    elif args.languages:
        languages_only()
    elif args.against:
        against(args.against)
    else:
        main()
