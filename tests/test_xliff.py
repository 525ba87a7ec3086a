"""XLIFF for agencies: export, a vendor's CAT tool, import; nothing lost on the way."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import poxliff

from handouts.i18n.catalogs import forms, read_catalog
from handouts.translators.xliff import read_units
from tests.conftest import run_cli

PO = "locales/{}/LC_MESSAGES/messages.po"


def _export(project: Path, lang: str) -> Path:
    result = run_cli(project, "xliff-export", "--locale", lang)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "dist" / lang / "xliff" / f"csec-handouts-{lang}.xlf"


@pytest.mark.parametrize("lang", ["es", "vi", "zh_Hant"])
def test_the_export_keeps_every_entry_context_comment_state_and_translation(project: Path,
                                                                            lang: str):
    xlf = _export(project, lang)
    catalog = read_catalog(project / PO.format(lang), lang)
    store = poxliff.PoXliffFile.parsestring(xlf.read_bytes())
    units = {(u.key): (u, raw) for u, raw in zip(read_units(xlf.read_bytes()),
                                                   [x for x in store.units if not x.isheader()],
                                                   strict=True)}
    messages = [m for m in catalog if m.id]
    assert len(units) == len(messages)
    for message in messages:
        unit, raw = units[(message.context, forms(message.id)[0])]
        assert unit.strings == forms(message.string), message.id
        assert unit.fuzzy == message.fuzzy, message.id
        assert raw.getnotes("developer") == "\n".join(message.auto_comments), message.id
        assert raw.getlocations() == [f"{f}:{n}" for f, n in message.locations], message.id
    assert sum(key[0] is not None for key in units) == sum(m.context is not None
                                                            for m in messages) > 0


def test_an_untouched_round_trip_changes_no_byte(project: Path):
    for lang in ("es", "vi"):
        po = project / PO.format(lang)
        before = po.read_bytes()
        result = run_cli(project, "xliff-import", "--locale", lang, str(_export(project, lang)))
        assert result.returncode == 0, result.stderr
        assert "0 translations changed, 0 approvals changed" in result.stdout
        assert po.read_bytes() == before


def _vendor(xlf: Path, changes: dict[str, tuple[str | None, bool]]) -> None:
    """What a CAT tool does: new targets, and units approved (or not)."""
    store = poxliff.PoXliffFile.parsestring(xlf.read_bytes())
    for unit in store.units:
        if str(unit.source) in changes:
            target, approved = changes[str(unit.source)]
            if target is not None:
                unit.target = target
            unit.markfuzzy(not approved)
    xlf.write_bytes(bytes(store))


def test_a_vendors_work_comes_back_entry_by_entry(project: Path):
    po = project / PO.format("vi")
    before = read_catalog(po, "vi")
    xlf = _export(project, "vi")
    _vendor(xlf, {"You are not alone.": ("Bạn không hề đơn độc.", True),
                  "Emergency": (None, True),  # approved as it was
                  "Gifts and favors": ("Quà tặng và ân huệ", False)})  # has a context; a suggestion
    result = run_cli(project, "xliff-import", "--locale", "vi", str(xlf))
    assert result.returncode == 0, result.stderr
    assert "2 translations changed, 1 approvals changed" in result.stdout
    after = read_catalog(po, "vi")
    changed = {}
    for old in (m for m in before if m.id):
        new = after.get(old.id, old.context)
        if (new.string, new.fuzzy, new.context, new.auto_comments, new.locations) != \
                (old.string, old.fuzzy, old.context, old.auto_comments, old.locations):
            changed[(old.context, old.id)] = (new.string, new.fuzzy)
    assert changed == {(None, "You are not alone."): ("Bạn không hề đơn độc.", False),
                       (None, "Emergency"): (before.get("Emergency").string, False),
                       ("how it can start, step 2", "Gifts and favors"):
                           ("Quà tặng và ân huệ", True)}


def test_an_import_with_a_mistake_writes_nothing(project: Path):
    po = project / PO.format("vi")
    before = po.read_bytes()
    xlf = _export(project, "vi")
    _vendor(xlf, {"In danger now? Call 911.": ("Đang gặp nguy hiểm? Gọi ngay.", True)})
    result = run_cli(project, "xliff-import", "--locale", "vi", str(xlf))
    assert result.returncode == 1
    assert "error numbers" in result.stderr and "drops 911" in result.stderr
    assert "nothing was imported" in result.stderr
    assert po.read_bytes() == before
    broken = xlf.with_name("broken.xlf")
    broken.write_text("<xliff", encoding="utf-8")
    result = run_cli(project, "xliff-import", "--locale", "vi", str(broken))
    assert result.returncode == 1 and "not an XLIFF file" in result.stderr
