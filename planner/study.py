"""What to study for a roadmap step: the target level's descriptor, its practice task and the
resources that serve it (free first); for a project, its deliverables and a public dataset.

Every place that shows a step (the roadmap page and API, ``manage.py plan --details``, the
reminder email, the calendar) reads the same :class:`StepStudy`, and every plain-text
rendering goes through :func:`study_text`.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.template.defaultfilters import linebreaksbr, urlize

from curriculum.models import LEVEL_NAMES, Project, Resource, SkillLevel
from curriculum.revision import revision_stamp


class Step(Protocol):
    """What a step needs to be looked up: a stored item's view, a preview's or the engine's."""

    key: str
    skill: str | None
    to_level: int | None
    project: str | None


@dataclass(frozen=True)
class StudyLink:
    title: str
    url: str
    kind: str = ""
    free: bool = True
    hours: float | None = None

    @property
    def summary(self) -> str:
        """ "documentation, free, ~15 h": the facts a learner weighs before opening it."""
        facts = [self.kind] if self.kind else []
        facts.append("free" if self.free else "paid")
        if self.hours:
            facts.append(f"~{self.hours:g} h")
        return ", ".join(facts)


@dataclass(frozen=True)
class StepStudy:
    """What to study for one step; a skill step fills the first four, a project the last two."""

    level: int | None = None
    descriptor: str = ""
    practice: str = ""
    resources: tuple[StudyLink, ...] = ()
    deliverables: tuple[str, ...] = field(default=())
    dataset: StudyLink | None = None

    @property
    def heading(self) -> str:
        """ "At level 2 (advanced beginner)": descriptors are written in the third person
        ("Applies Bayes' rule…"), so they follow a colon rather than "you can"."""
        return f"At level {self.level} ({LEVEL_NAMES.get(self.level, '')})"

    @property
    def is_empty(self) -> bool:
        return not (self.descriptor or self.practice or self.resources or self.deliverables)


@functools.lru_cache(maxsize=4096)
def study_text(study: StepStudy | None, *, indent: str = "") -> str:
    """The step's study content as plain text (emails, calendar descriptions, the terminal),
    each line starting with ``indent``. Made once per study (a batch of reminders shows the
    same few studies hundreds of times)."""
    if study is None or (study.is_empty and study.dataset is None):
        return ""
    lines: list[str] = []
    if study.descriptor:
        lines.append(f"{study.heading}: {study.descriptor}")
    if study.practice:
        lines.append(f"Practice: {study.practice}")
    if study.resources:
        lines.append("Study:")
        lines += [f"- {r.title} ({r.summary}): {r.url}" for r in study.resources]
    if study.deliverables:
        lines.append("Deliverables:")
        lines += [f"- {d}" for d in study.deliverables]
    if study.dataset:
        lines.append(f"Suggested dataset: {study.dataset.title}: {study.dataset.url}")
    return "\n".join(indent + line for line in lines)


@functools.lru_cache(maxsize=4096)
def study_html(study: StepStudy | None, *, indent: str = "") -> str:
    """:func:`study_text` as safe HTML, links made clickable and lines broken (the reminder
    email's ``study_text|urlize|linebreaksbr``, whose urlize costs more than the rest of the
    email): made once per study."""
    return linebreaksbr(urlize(study_text(study, indent=indent), autoescape=True), autoescape=True)


def _free_first(links: list[StudyLink]) -> tuple[StudyLink, ...]:
    # sorted() is stable: within free and within paid, the curator's order stays.
    return tuple(sorted(links, key=lambda link: not link.free))


Levels = dict[tuple[str, int], tuple[str, str]]
Links = dict[str, list[tuple[list[int], StudyLink]]]
Datasets = dict[str, tuple[tuple[str, ...], StudyLink | None]]


def _from_database() -> tuple[Levels, Links, Datasets]:
    """The whole curriculum's study content: three queries."""
    levels: Levels = {}
    links: Links = defaultdict(list)
    datasets: Datasets = {}
    for slug, level, descriptor, practice in SkillLevel.objects.values_list(
        "skill__slug", "level", "descriptor", "practice"
    ):
        levels[slug, level] = (descriptor, practice)
    rows = Resource.objects.order_by("skill_id", "position", "pk").values_list(
        "skill__slug", "levels", "title", "url", "kind", "free", "hours"
    )
    for slug, served, title, url, kind, free, hours in rows:
        links[slug].append((served, StudyLink(title, url, kind, free, hours)))
    for slug, deliverables, title, url in Project.objects.values_list(
        "slug", "deliverables", "dataset_title", "dataset_url"
    ):
        dataset = StudyLink(title or url, url, kind="dataset") if url else None
        datasets[slug] = (tuple(deliverables or ()), dataset)
    return levels, links, datasets


class _Content:
    """One curriculum revision's study content, and each step's StepStudy made from it once."""

    def __init__(self, levels: Levels, links: Links, datasets: Datasets) -> None:
        self.levels, self.links, self.datasets = levels, links, datasets
        self._steps: dict[tuple[str | None, int | None, str | None], StepStudy | None] = {}

    def study(self, skill: str | None, to_level: int | None, project: str | None):
        key = (skill, to_level, project)
        if key not in self._steps:
            self._steps[key] = self._make(skill, to_level, project)
        return self._steps[key]

    def _make(self, skill, to_level, project) -> StepStudy | None:
        if skill and to_level:
            descriptor, practice = self.levels.get((skill, to_level), ("", ""))
            return StepStudy(
                level=to_level,
                descriptor=descriptor,
                practice=practice,
                resources=_free_first(
                    [link for served, link in self.links.get(skill, ()) if to_level in served]
                ),
            )
        if project and project in self.datasets:
            deliverables, dataset = self.datasets[project]
            return StepStudy(deliverables=deliverables, dataset=dataset)
        return None


# Cached per process by curriculum revision stamp, like the planner's snapshot: a stamp names
# one immutable curriculum (every change of a level, resource or project moves it), so what
# is cached is never stale; a read then costs one query instead of three and no rebuilding.
_lock = threading.Lock()
_cache: dict[tuple[int, float], _Content] = {}


def _live_content() -> _Content:
    stamp = revision_stamp()
    content = _cache.get(stamp)
    if content is None:
        content = _Content(*_from_database())
        with _lock:
            _cache.clear()  # only the newest revision is worth keeping
            _cache[stamp] = content
    return content


def _from_document(document: dict) -> tuple[Levels, Links, Datasets]:
    """The same, from a parsed curriculum file (``manage.py plan --curriculum FILE``)."""
    levels: Levels = {}
    links: Links = defaultdict(list)
    for skill in document["skills"]:
        for level, descriptor in skill["levels"].items():
            levels[skill["slug"], level] = (descriptor, skill["practice"].get(level, ""))
        for r in skill["resources"]:
            link = StudyLink(r["title"], r["url"], r["kind"], r["free"], r["hours"])
            links[skill["slug"]].append((r["levels"], link))
    datasets: Datasets = {
        p["slug"]: (
            tuple(p["deliverables"]),
            StudyLink(p["dataset"]["title"], p["dataset"]["url"], "dataset")
            if p["dataset"]
            else None,
        )
        for p in document["projects"]
    }
    return levels, links, datasets


def studies(items: Iterable[Step], *, document: dict | None = None) -> dict[str, StepStudy | None]:
    """What to study for each step (stored items, previews or engine plan items), by key.

    From the live curriculum (one query once its revision's content is cached in this
    process, four before) or from a parsed curriculum file. Steps with the same key share
    one :class:`StepStudy`.
    """
    content = _Content(*_from_document(document)) if document is not None else _live_content()
    return {item.key: content.study(item.skill, item.to_level, item.project) for item in items}


def attach_study(items: Iterable[Any]) -> None:
    """Set ``study`` on every item view (planner.selectors.roadmaps.ItemView; see
    :func:`studies`)."""
    items = list(items)
    by_key = studies(items)
    for item in items:
        item.study = by_key[item.key]
