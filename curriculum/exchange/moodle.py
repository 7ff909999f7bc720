"""Moodle competency frameworks (the CSV that ``tool_lpimportcsv`` reads and writes) as a
waymark-curriculum file for a curator to review.

Moodle's columns, by position after a header line: parent id number, id number, short
name, description, description format, scale values, scale configuration, rule type, rule
outcome, rule config, cross-referenced competency id numbers, exported id, is framework,
taxonomy. How they map is documented in docs/curriculum-format.md ("Moodle").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curriculum.exchange.document import FORMAT, parse_document
from curriculum.exchange.sources import (
    Slugs,
    SourceFileError,
    declared_defaults,
    plain_text,
    short_name,
)

COLUMNS = (
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
)
PARENT, IDNUMBER, SHORTNAME, DESCRIPTION, IS_FRAMEWORK = 0, 1, 2, 3, 12


@dataclass
class _Competency:
    idnumber: str
    parent: str
    name: str
    description: str
    children: list[_Competency] = field(default_factory=list)


def read_framework(path: str | Path) -> tuple[dict[str, str], list[_Competency]]:
    """The framework row and the top competencies (with their children), in file order."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise SourceFileError(f"cannot read {path}: {error.strerror}") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise SourceFileError(f"{path.name}: not a UTF-8 CSV file ({error})") from error
    if not rows or len(rows[0]) < len(COLUMNS) - 1:
        raise SourceFileError(
            f"{path.name}: expected the {len(COLUMNS)} columns of a Moodle competency "
            f"framework export ({', '.join(COLUMNS)})"
        )
    framework: dict[str, str] | None = None
    competencies: dict[str, _Competency] = {}
    for number, row in enumerate(rows[1:], start=2):
        row = [cell.strip() for cell in row] + [""] * (len(COLUMNS) - len(row))
        if row[IS_FRAMEWORK] in ("1", "true"):
            framework = {
                "idnumber": row[IDNUMBER],
                "name": row[SHORTNAME],
                "description": plain_text(row[DESCRIPTION]),
            }
        elif row[IDNUMBER] and row[SHORTNAME]:  # Moodle skips rows without both, too
            if row[IDNUMBER] in competencies:
                raise SourceFileError(
                    f"{path.name} line {number}: id number {row[IDNUMBER]!r} twice"
                )
            competencies[row[IDNUMBER]] = _Competency(
                row[IDNUMBER], row[PARENT], row[SHORTNAME], plain_text(row[DESCRIPTION])
            )
    if framework is None:
        raise SourceFileError(f"{path.name}: no row has 'Is framework' set to 1")
    top: list[_Competency] = []
    for competency in competencies.values():
        parent = competencies.get(competency.parent)
        if competency.parent and parent is None:
            raise SourceFileError(
                f"{path.name}: {competency.idnumber!r} has an unknown parent {competency.parent!r}"
            )
        (parent.children if parent else top).append(competency)
    reached, stack = set(), list(top)
    while stack:
        competency = stack.pop()
        reached.add(competency.idnumber)
        stack.extend(competency.children)
    if len(reached) != len(competencies):
        lost = sorted(set(competencies) - reached)
        raise SourceFileError(f"{path.name}: parent id numbers go round: {', '.join(lost)}")
    return framework, top


def import_framework(
    path: str | Path, *, level: int = 3, module: bool = False, taken: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A waymark-curriculum document from a Moodle framework CSV, checked like any file.

    Top competencies that have children become areas, every other competency a skill of
    its top ancestor's area (``order``: its place in the tree, depth first); a child is a
    prerequisite of its parent (level 1 before level 1); levels and hours are the declared
    defaults (estimated). One role named after the framework requires, at ``level``, each
    skill that is not a child of another. Slugs in ``taken`` (a curriculum the file will
    join as a module) are not reused.
    """
    framework, top = read_framework(path)
    prefix = f"moodle:{framework['idnumber']}"
    slugs = Slugs(taken)
    role_slug = slugs.new(framework["idnumber"] or framework["name"])
    areas: list[dict] = []
    skills: list[dict] = []
    required: list[str] = []
    loose_area, loose = None, 0

    def add_skill(competency: _Competency, area: str, order: int) -> str:
        slug = slugs.new(competency.idnumber)
        entry = {
            "slug": slug,
            "name": short_name(competency.name),
            "area": area,
            "description": competency.description,
            "prerequisites": [],
            "order": order,
            "source": f"{prefix}/{competency.idnumber}",
        }
        skills.append(entry)
        return slug

    area_slugs = Slugs(taken)
    for competency in top:
        if not competency.children:
            if loose_area is None:
                loose_area = area_slugs.new(framework["idnumber"] or framework["name"])
                areas.append({"slug": loose_area, "name": short_name(framework["name"])})
            required.append(add_skill(competency, loose_area, loose))
            loose += 1
            continue
        area = area_slugs.new(competency.idnumber)
        areas.append(
            {
                "slug": area,
                "name": short_name(competency.name),
                "source": f"{prefix}/{competency.idnumber}",
            }
        )
        order = 0
        stack: list[tuple[_Competency, dict | None]] = [
            (child, None) for child in reversed(competency.children)
        ]
        while stack:  # depth first, in file order
            child, parent_entry = stack.pop()
            slug = add_skill(child, area, order)
            order += 1
            if parent_entry is None:
                required.append(slug)
            else:
                parent_entry["prerequisites"].append({"skill": slug, "level": 1})
            entry = skills[-1]
            stack.extend((grandchild, entry) for grandchild in reversed(child.children))

    document = {
        "format": FORMAT,
        "name": short_name(framework["name"]),
        **({"mode": "merge"} if module else {}),
        "defaults": declared_defaults(),
        "areas": areas,
        "skills": skills,
        "roles": [
            {
                "slug": role_slug,
                "name": short_name(framework["name"]),
                "description": framework["description"],
                "requirements": [{"skill": slug, "level": level} for slug in required],
                "source": prefix,
            }
        ],
    }
    parse_document(document)  # an importer never writes a file the loader would refuse
    return document
