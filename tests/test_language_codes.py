"""Language codes people type reach the catalog they mean, and never start a second one."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.languages import resolve
from handouts.project import PSEUDO_LOCALES, available_locales
from tests.conftest import ROOT, run_cli

KNOWN = [*available_locales(ROOT / "locales"), *PSEUDO_LOCALES]


@pytest.mark.parametrize(("typed", "catalog"), [
    ("zh-Hans", "zh_Hans"), ("zh-CN", "zh_Hans"), ("zh_CN", "zh_Hans"), ("cmn", "zh_Hans"),
    ("zh-Hant", "zh_Hant"), ("zh-TW", "zh_Hant"), ("zh-HK", "zh_Hant"), ("ZH-tw", "zh_Hant"),
    ("hy-AM", "hy"), ("fil", "tl"), ("fil-PH", "tl"), ("fa-IR", "fa"), ("pes", "fa"),
    ("ko-KR", "ko"), ("vi-VN", "vi"), ("km-KH", "km"), ("ru-RU", "ru"), ("ar-SA", "ar"),
    ("es-MX", "es"), ("en-US", "en"), ("en_XA", "en-XA"), ("es", "es"),
    # Armenian: two catalogs, two ISO 639-3 languages; the old variants mean the code that
    # replaced each (Babel has no locale data for hyw)
    ("hy", "hy"), ("hyw", "hyw"), ("HYW", "hyw"), ("hyw-LB", "hyw"), ("hy-arevmda", "hyw"),
    ("hy-arevela", "hy")])
def test_a_typed_code_resolves_to_its_catalog(typed: str, catalog: str):
    assert resolve(typed, KNOWN) == catalog


def test_a_code_that_could_mean_two_catalogs_lists_them(project: Path):
    result = run_cli(project, "stats", "--locale", "zh")
    assert result.returncode == 2
    assert "'zh' could mean zh_Hans" in result.stderr and "zh_Hant" in result.stderr
    assert "init" not in result.stderr


def test_commands_take_the_codes_people_type(project: Path):
    stats = run_cli(project, "stats", "--locale", "zh-TW", "--format", "json")
    assert stats.returncode == 0 and '"locale": "zh_Hant"' in stats.stdout
    check = run_cli(project, "-q", "check", "--locale", "hy-AM", "--material", "hotline-card")
    assert "locales/hy/LC_MESSAGES/messages.po: 31 suggested" in check.stdout, check.stdout
    notice = run_cli(project, "--locale", "en", "--material", "trafficking-notice",
                     "--notice-language", "zh-TW")
    assert notice.returncode == 2 and "third language, zh_Hant" in notice.stderr


@pytest.mark.parametrize(("typed", "existing"), [
    ("zh", "zh_Hans"), ("zh-TW", "zh_Hant"), ("fil", "tl"), ("fa_IR", "fa"), ("hy-AM", "hy"),
    ("hy-arevmda", "hyw")])
def test_init_never_starts_a_second_catalog_of_a_language(project: Path, typed: str,
                                                          existing: str):
    result = run_cli(project, "init", typed)
    assert result.returncode == 2
    assert f"locales/{existing}/LC_MESSAGES/messages.po" in result.stderr
    assert sorted(p.name for p in (project / "locales").iterdir() if p.is_dir()) == \
        sorted(p.name for p in (ROOT / "locales").iterdir() if p.is_dir())


def test_a_language_with_no_catalog_is_offered_init(project: Path):
    result = run_cli(project, "--locale", "pt-BR")
    assert result.returncode == 2 and "init pt_BR" in result.stderr
    assert run_cli(project, "init", "pt_BR").returncode == 0
    assert resolve("pt-BR", available_locales(project / "locales")) == "pt_BR"


def test_western_armenian_starts_beside_eastern_without_babel_locale_data(project: Path):
    """hyw is a language of its own (ISO 639-3), not a second catalog of hy: `init` starts it
    though Babel knows it only by CLDR's likely subtags, and every command then reads it."""
    (project / "locales" / "hyw" / "LC_MESSAGES" / "messages.po").unlink()
    result = run_cli(project, "init", "hyw")
    assert result.returncode == 0, result.stderr
    po = (project / "locales" / "hyw" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert '"Language: hyw\\n"' in po and 'msgstr ""' in po
    check = run_cli(project, "-q", "check", "--locale", "hyw", "--material", "hotline-card")
    assert "locales/hyw/LC_MESSAGES/messages.po: 0 suggested, 31 missing" in check.stdout, \
        check.stdout + check.stderr
    stats = run_cli(project, "stats", "--locale", "hy-AM")
    assert "hy: Հայերեն (Eastern Armenian)" in stats.stdout, stats.stdout
    stats = run_cli(project, "stats", "--locale", "hyw")
    assert "hyw: Արեւմտահայերէն (Western Armenian)" in stats.stdout, stats.stdout
