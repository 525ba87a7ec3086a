"""What the README promises a print shop and an outreach worker, checked on the built PDFs.

Only the project's own fonts are embedded; print PDFs keep PDF/X-4's colour rules under a
GRACoL CMYK output intent; what the renderer says about the machine is a notice, what it says
about the handout stops the build; `doctor` says what a build needs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from handouts.cli import main
from handouts.materials import MATERIALS
from tests import pdfs
from tests.conftest import ROOT

# The project's own fonts, by the family name each @font-face gives them (as a PDF spells it),
# and the files in templates/fonts/ they are read from.
OWN_FONTS = {
    "Handout-Sans": {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
                     "NotoSans-BoldItalic.ttf"},
    "Handout-Arabic": {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
    "Handout-Armenian": {"NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"},
    "Handout-Khmer": {"NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"},
    "Handout-Korean": {"NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"},
    "Handout-Simplified-Chinese": {"NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"},
    "Handout-Traditional-Chinese": {"NotoSansTC-Regular.ttf", "NotoSansTC-Bold.ttf"},
}
FACE = re.compile(r"@font-face\s*{([^}]*)}")
FAMILY = re.compile(r'font-family:\s*"([^"]+)"')
SOURCE = re.compile(r"src:\s*([^;}]+)")
STYLE = re.compile(r"-(Bold|Italic|BoldItalic)$")  # a PDF font name's weight and style


def font_faces() -> dict[str, set[str]]:
    """Every @font-face family the stylesheets declare (as a PDF spells it) -> its sources."""
    found: dict[str, set[str]] = {}
    for css in (ROOT / "templates" / "css").glob("*.css"):
        for rule in FACE.findall(css.read_text(encoding="utf-8")):
            family = FAMILY.search(rule)
            source = SOURCE.search(rule)
            assert family and source, f"{css.name}: an @font-face without family or src"
            found.setdefault(family.group(1).replace(" ", "-"), set()).add(
                source.group(1).strip())
    return found


def every_pdf(*dists: Path) -> list[Path]:
    return sorted(p for dist in dists for p in dist.rglob("*.pdf"))


def embedded_fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Base name (subset prefix removed) of every font on every page and in every form ->
    whether the font file itself is in the PDF."""
    found: dict[str, bool] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and \
                "/BaseFont" in obj:
            descendants = obj.get("/DescendantFonts")
            font = descendants[0] if descendants is not None else obj
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and \
                any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(obj.BaseFont).lstrip("/").split("+", 1)[-1]
            found[name] = found.get(name, True) and embedded
    return found


def test_the_stylesheets_declare_only_the_bundled_fonts():
    """No @font-face reads a font from anywhere else (a `local()` font is the machine's)."""
    assert font_faces() == {family: {f"url(../fonts/{name})" for name in files}
                            for family, files in OWN_FONTS.items()}
    for files in OWN_FONTS.values():
        for name in files:
            assert (ROOT / "templates" / "fonts" / name).is_file(), name


def test_every_pdf_embeds_only_the_projects_own_fonts(built: Path, built_pseudo: Path):
    paths = every_pdf(built, built_pseudo)
    langs = {p.relative_to(p.parents[1] if p.parent.name == "print" else p.parent.parent).parts[0]
             for p in paths}
    assert {"en", "es", "en-XA", "ar-XB"} <= langs
    assert any("print" in p.parts for p in paths) and any("print" not in p.parts for p in paths)
    strangers, missing, used = {}, {}, set()
    for path in paths:
        with pikepdf.open(path) as pdf:
            fonts = embedded_fonts(pdf)
        assert fonts, f"{path}: no fonts at all"
        families = {STYLE.sub("", name) for name in fonts}
        used |= families
        if families - set(OWN_FONTS):
            strangers[str(path)] = sorted(families - set(OWN_FONTS))
        if not all(fonts.values()):
            missing[str(path)] = sorted(name for name, inside in fonts.items() if not inside)
    assert not strangers, f"fonts that are not the project's own: {strangers}"
    assert not missing, f"fonts used but not embedded: {missing}"
    assert "Handout-Sans" in used


# PDF/X-4 with a CMYK output intent: device-independent spaces, CMYK and grey are fine;
# DeviceRGB only where the resources say what it means (DefaultRGB).
ALLOWED_SPACES = {"/DeviceCMYK", "/DeviceGray", "/ICCBased", "/Lab", "/Pattern", "/Separation",
                  "/DeviceN", "/Indexed"}
RGB_OPERATORS = {"rg", "RG"}


def _space_name(space: object, named: pikepdf.Dictionary | None) -> str:
    """'/DeviceRGB', '/ICCBased', ... for a colour space given by name or array."""
    if isinstance(space, pikepdf.Name) and named is not None and space in named:
        space = named[space]
    if isinstance(space, pikepdf.Array):
        return str(space[0])
    return str(space)


def colour_problems(where: str, content: pikepdf.Object, resources: pikepdf.Dictionary,
                    seen: set) -> list[str]:
    """Colour spaces PDF/X-4 forbids in one content stream and everything it draws."""
    spaces = resources.get("/ColorSpace") or pikepdf.Dictionary()
    rgb_ok = "/DefaultRGB" in spaces and _space_name(spaces.DefaultRGB, None) == "/ICCBased"
    problems = []
    for operands, operator in pikepdf.parse_content_stream(content):
        op = str(operator)
        if op in RGB_OPERATORS and not rgb_ok:
            problems.append(f"{where}: DeviceRGB '{op}' without a DefaultRGB")
        elif op in ("cs", "CS"):
            name = _space_name(operands[0], spaces)
            if name == "/DeviceRGB" and not rgb_ok:
                problems.append(f"{where}: colour space DeviceRGB without a DefaultRGB")
            elif name not in ALLOWED_SPACES | {"/DeviceRGB"}:
                problems.append(f"{where}: colour space {name}")
    for name, xobject in (resources.get("/XObject") or {}).items():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.Subtype == "/Image":
            name_found = _space_name(xobject.get("/ColorSpace", pikepdf.Name.DeviceGray), spaces)
            if name_found == "/DeviceRGB" and not rgb_ok:
                problems.append(f"{where}: RGB image {name} without a DefaultRGB")
            elif name_found not in ALLOWED_SPACES | {"/DeviceRGB"}:
                problems.append(f"{where}: image {name} in {name_found}")
        elif xobject.Subtype == "/Form":
            group = xobject.get("/Group")
            if group is not None and "/CS" in group and \
                    _space_name(group.CS, spaces) == "/DeviceRGB":
                problems.append(f"{where}: transparency group {name} in DeviceRGB")
            problems += colour_problems(f"{where} {name}", xobject,
                                        xobject.get("/Resources", resources), seen)
    for name, shading in (resources.get("/Shading") or {}).items():
        space = _space_name(shading.ColorSpace, spaces)
        if space not in ALLOWED_SPACES and not (space == "/DeviceRGB" and rgb_ok):
            problems.append(f"{where}: shading {name} in {space}")
    return problems


def print_pdfs(*dists: Path) -> list[Path]:
    return [p for p in every_pdf(*dists) if p.parent.name == "print"]


def test_print_pdfs_keep_the_pdfx4_colour_rules(built: Path, built_pseudo: Path):
    paths = print_pdfs(built, built_pseudo)
    assert len(paths) >= 15
    problems = []
    for path in paths:
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                problems += colour_problems(f"{path.relative_to(path.parents[2])} p{number}",
                                            page.obj, page.Resources, set())
    assert not problems, "\n".join(problems[:20])


def test_print_pdfs_are_pdfx4_with_a_gracol_intent_and_print_boxes(built: Path):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFX"
            assert "GRACoL" in str(intent.OutputConditionIdentifier)
            assert intent.DestOutputProfile.N == 4
            meta = pdf.open_metadata()
            assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4", path
            assert pdf.trailer.Info.Trapped == "/False"
            for page in pdf.pages:
                media, trim, bleed = ([float(v) for v in page.obj[k]]
                                      for k in ("/MediaBox", "/TrimBox", "/BleedBox"))
                assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
                assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]


HANDOUTS = [name for name, spec in MATERIALS.items() if not spec.statutory]


@pytest.mark.parametrize("lang", ["en", "es", "en-XA", "ar-XB"])
def test_print_pdfs_lay_out_like_the_desk_pdfs(built: Path, built_pseudo: Path, lang: str):
    """The print PDF is the desk layout on the same trim, plus bleed and marks: every line of
    every page the same, in the same fonts (left to right, right to left, and copyfitted).
    So what test_threshold_languages.py checks on desk PDFs alone holds for print too."""
    dist = built if lang in ("en", "es") else built_pseudo
    for name in HANDOUTS:
        desk, printed = dist / lang / f"{name}.pdf", dist / lang / "print" / f"{name}.pdf"
        lines = pdfs.page_lines(desk)
        assert lines and all(lines), f"{desk}: no text"
        assert pdfs.page_lines(printed) == lines, f"{lang}/{name}: print laid out differently"
        assert {f.split("+", 1)[-1] for f in pdfs.fonts(printed)} == \
            {f.split("+", 1)[-1] for f in pdfs.fonts(desk)}, f"{lang}/{name}: other fonts"


def test_every_colour_profile_says_where_it_came_from_and_its_licence():
    readme = (ROOT / "templates" / "color" / "README.md").read_text(encoding="utf-8")
    profiles = sorted((ROOT / "templates" / "color").glob("*.icc"))
    assert [p.name for p in profiles] == ["GRACoL-TR006-coated.icc", "sRGB2014.icc"]
    for icc in profiles:
        assert icc.name in readme, f"{icc.name} is not described in templates/color/README.md"
    assert "Zlib" in readme and "International Color Consortium" in readme
    assert not list(ROOT.glob("*.deb")), "Debian packages do not belong in the repository"


def _build(root: Path, *args: str) -> int:
    return main(["--jobs", "1", *args], root=root)


def test_a_notice_about_the_machine_is_said_once_and_never_fails_a_build(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Without HarfBuzz subsetting WeasyPrint falls back to fontTools and says so."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 0
    out = capsys.readouterr().out
    assert out.count("notice: fonts were subset with fontTools") == 1, out
    assert (project / "dist" / "en" / "print" / "hotline-card.pdf").exists()


def test_a_character_no_bundled_font_has_stops_the_build_naming_it(
        project: Path, capsys: pytest.CaptureFixture):
    card = project / "content" / "materials" / "hotline-card.yaml"
    text = card.read_text(encoding="utf-8")
    words = re.search(r"^(\s*title:\s*)(.+)$", text, re.MULTILINE)
    assert words, "the card's content has a title line"
    card.write_text(text.replace(words.group(0), words.group(1) + words.group(2).rstrip() +
                                 " ཀ", 1), encoding="utf-8")  # Tibetan: no font here
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 1
    err = capsys.readouterr().err
    assert "en/hotline-card (desk and print)" in err, err
    assert '"ཀ" (U+0F40' in err and "none of the project's fonts" in err, err
    assert not (project / "dist" / "en" / "hotline-card.pdf").exists()


def test_a_css_rule_the_renderer_ignores_stops_the_build(project: Path,
                                                         capsys: pytest.CaptureFixture):
    css = project / "templates" / "css" / "hotline-card.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.front { colour: red; }\n",
                   encoding="utf-8")
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 1
    err = capsys.readouterr().err
    assert "colour: red" in err and "renderer reported" in err, err
    assert not (project / "dist" / "en" / "hotline-card.pdf").exists()


def test_doctor_names_what_it_found_and_passes_here(capsys: pytest.CaptureFixture):
    assert main(["doctor"], root=ROOT) == 0
    out = capsys.readouterr().out
    for part in ("Python", "WeasyPrint", "Pango", "HarfBuzz subsetting", "NotoSans-Regular.ttf",
                 "GRACoL-TR006-coated.icc", "Chromium", "a build will work"):
        assert part in out, f"{part!r} not in:\n{out}"


def test_doctor_says_how_to_fix_a_missing_font(project: Path, capsys: pytest.CaptureFixture):
    (project / "templates" / "fonts" / "NotoSans-Bold.ttf").unlink()
    assert main(["doctor"], root=project) == 1
    out = capsys.readouterr().out
    assert "MISSING" in out and "NotoSans-Bold.ttf" in out, out
    assert "git checkout -- templates/fonts" in out, out


def test_system_packages_are_named_once_for_the_readme_and_ci():
    from handouts.doctor import system_packages

    needs = system_packages(ROOT)
    assert {"pango", "harfbuzz-subset", "chromium"} <= set(needs)
    install = (ROOT / "install.sh").read_text(encoding="utf-8")
    assert "system-packages.txt" in install
    assert "sh install.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sh install.sh && python build.py" in (ROOT / "README.md").read_text(encoding="utf-8")
