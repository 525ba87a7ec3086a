"""The build context: what one process loads once and hands down to every stage.

Content, templates, the strings each handout prints and the typesetter (fonts, fetcher) are
each made the first time a stage asks, then reused for the rest of the process's work. A new
context sees the files as they are now: `watch` makes one for every round, a test one for
each project it builds. A forked worker process starts with its parent's context and makes
its own typesetter, whose font folder must not be shared.

Light to import: the stages' heavy libraries load only when a context is first asked for them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from handouts.materials import MATERIALS
from handouts.project import DEFAULT_PROFILE, SOURCE_LOCALE, Project

if TYPE_CHECKING:
    from jinja2 import Environment

    from handouts.content.model import Content
    from handouts.i18n.catalogs import Key
    from handouts.i18n.stats import Stats
    from handouts.jobs import Job
    from handouts.pdf.readback import Expected, Known
    from handouts.pdf.typeset import Typesetter
    from handouts.render.strings import Lookups


class Context:
    """One project's loaded state, for one process."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._content: Content | None = None
        self._env: Environment | None = None
        self._used: dict[tuple[str, str | None], Lookups] = {}
        self._typesetter: tuple[int, Typesetter] | None = None  # (its process, it)
        self._english: dict[Job, Expected] = {}
        # the copyfit step each handout laid out in this process fit at (publishing/worker.py)
        self.fitted: dict[Job, int] = {}

    def __getstate__(self) -> dict:
        """A worker started without fork (spawn) gets only the project and loads the rest."""
        return {"project": self.project}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["project"])  # type: ignore[misc]

    def load(self) -> None:
        """Load the content and the templates now: HandoutError names what is wrong in them."""
        self.content  # noqa: B018 (a property that loads)
        self.env  # noqa: B018

    @property
    def content(self) -> Content:
        """content/*.yaml, loaded and cross-checked (HandoutError names every problem)."""
        if self._content is None:
            from handouts.content.load import load_content

            self._content = load_content(self.project.content)
        return self._content

    @property
    def env(self) -> Environment:
        """The Jinja2 environment for templates/: each template is compiled once."""
        if self._env is None:
            from handouts.render.html import make_env

            self._env = make_env(self.project.templates)
        return self._env

    def buildable(self) -> list[str]:
        """Materials whose words and template both exist."""
        from handouts.render.strings import buildable

        return buildable(self.content, self.project.templates)

    def strings_used(self, materials: Iterable[str], profile: str | None = None
                     ) -> dict[str, dict[Key, None]]:
        """Material -> every (context, msgid) it prints; each material is rendered once."""
        return {name: lookups.printed
                for name, lookups in self.lookups(materials, profile).items()}

    def lookups(self, materials: Iterable[str], profile: str | None = None
                ) -> dict[str, Lookups]:
        """Material -> what it looks up in a catalog; each material is rendered once."""
        from handouts.render.strings import strings_used

        found = {}
        for name in dict.fromkeys(materials):
            chosen = (profile or DEFAULT_PROFILE) if MATERIALS[name].uses_profile else None
            if (name, chosen) not in self._used:
                self._used[(name, chosen)] = strings_used(self.content, self.env, name, chosen)
            found[name] = self._used[(name, chosen)]
        return found

    def translation_stats(self, locales: list[str], materials: list[str] | None = None
                          ) -> list[Stats]:
        """For each locale: one row for its whole catalog, then one per material."""
        if not locales:
            return []
        from handouts.i18n.stats import catalog_stats

        used = self.strings_used(materials or self.buildable())
        return [row for lang in locales for row in catalog_stats(self.project, lang, used)]

    def english_numbers(self, job: Job, known: Known) -> Expected:
        """The numbers and addresses the English edition of a job's handout shows, from its
        HTML, worked out once in a process for every language that asks."""
        english = dataclasses.replace(job, lang=SOURCE_LOCALE, created=0)
        if english not in self._english:
            from handouts.pdf.readback import expected_from
            from handouts.render.handout import handout_html

            self._english[english] = expected_from(
                handout_html(self.project, self.content, self.env, english), known)
        return self._english[english]

    def close(self) -> None:
        """Remove this process's font copies now (they go at exit anyway): `watch` makes a new
        context every round and would otherwise keep one folder of them per round."""
        if self._typesetter is not None and self._typesetter[0] == os.getpid():
            self._typesetter[1].close()
            self._typesetter = None

    @property
    def typesetter(self) -> Typesetter:
        """This process's typesetter: a forked worker makes its own, leaving its parent's
        font folder alone."""
        if self._typesetter is not None and self._typesetter[0] != os.getpid():
            from handouts.pdf import weasy

            weasy.forget_font_folder(self._typesetter[1].font_config)
            self._typesetter = None
        if self._typesetter is None:
            from handouts.pdf.typeset import Typesetter

            project = self.project
            self._typesetter = (os.getpid(), Typesetter(project.templates, project.asset_roots))
        return self._typesetter[1]
