"""ESCO (European Skills, Competences, Qualifications and Occupations) CSV files as a
waymark-curriculum file for a curator to review.

Reads the English CSV download's ``skills_en.csv``, ``skillSkillRelations_en.csv``,
``occupations_en.csv`` and ``occupationSkillRelations_en.csv`` (columns documented in
docs/curriculum-format.md, "ESCO").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curriculum.exchange.document import FORMAT, parse_document
from curriculum.exchange.sources import (
    Slugs,
    SourceFileError,
    declared_defaults,
    plain_text,
    read_csv,
    short_name,
)
from curriculum.graph import prerequisite_knots

SKILL_COLUMNS = ["conceptUri", "skillType", "preferredLabel", "description"]
RELATION_COLUMNS = ["originalSkillUri", "relationType", "relatedSkillUri"]
OCCUPATION_COLUMNS = ["conceptUri", "preferredLabel", "altLabels", "description"]
OCCUPATION_SKILL_COLUMNS = ["occupationUri", "relationType", "skillUri"]
AREAS = {
    "knowledge": ("esco-knowledge", "Knowledge (ESCO)"),
    "skill/competence": ("esco-skills-competences", "Skills and competences (ESCO)"),
}
OTHER_AREA = ("esco-other", "Other (ESCO)")


def import_esco(
    *,
    skills: str | Path,
    relations: str | Path | None = None,
    occupations: str | Path | None = None,
    occupation_skills: str | Path | None = None,
    only: list[str] | None = None,
    core_level: int = 3,
    nice_level: int = 2,
    module: bool = False,
    taken: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], list[str]]:
    """A checked waymark-curriculum document and notes on what was left out.

    Occupations become roles (``only``: their URIs or preferred labels), their essential
    skills core requirements at ``core_level`` and optional ones nice-to-have at
    ``nice_level``. With occupations, only the skills they need (and those skills'
    essential skills) are imported; without, every skill. An essential skill-to-skill
    relation makes the related skill a prerequisite (level 1 before level 1); optional
    relations are not prerequisites and are left out. Where ESCO's essential relations go
    round in a circle, the edge closing each circle is dropped and named in the notes.
    """
    notes: list[str] = []
    skill_rows = {row["conceptUri"]: row for row in read_csv(skills, SKILL_COLUMNS)}
    essential: dict[str, list[str]] = {}
    if relations:
        for row in read_csv(relations, RELATION_COLUMNS):
            if row["relationType"] != "essential":
                continue
            if row["originalSkillUri"] in skill_rows and row["relatedSkillUri"] in skill_rows:
                essential.setdefault(row["originalSkillUri"], []).append(row["relatedSkillUri"])

    roles: list[tuple[dict[str, str], list[tuple[str, str]]]] = []
    if occupations:
        if not occupation_skills:
            raise SourceFileError("occupations need their occupationSkillRelations file too")
        links: dict[str, list[tuple[str, str]]] = {}
        for row in read_csv(occupation_skills, OCCUPATION_SKILL_COLUMNS):
            links.setdefault(row["occupationUri"], []).append(
                (row["relationType"], row["skillUri"])
            )
        wanted = set(only or ())
        for row in read_csv(occupations, OCCUPATION_COLUMNS):
            if wanted and not {row["conceptUri"], row["preferredLabel"]} & wanted:
                continue
            roles.append((row, links.get(row["conceptUri"], [])))
        found = {label for row, _ in roles for label in (row["conceptUri"], row["preferredLabel"])}
        if wanted - found:
            raise SourceFileError(f"no such occupation: {', '.join(sorted(wanted - found))}")

    if roles:
        chosen: list[str] = []
        for _, linked in roles:
            for _, uri in linked:
                if uri not in skill_rows:
                    notes.append(f"skill {uri} is not in {Path(skills).name}; left out")
                elif uri not in chosen:
                    chosen.append(uri)
        for uri in chosen:  # grows while it runs: essential skills of chosen skills
            for other in essential.get(uri, ()):
                if other not in chosen:
                    chosen.append(other)
    else:
        chosen = list(skill_rows)

    slugs = Slugs(taken)
    slug_of = {uri: slugs.new(skill_rows[uri]["preferredLabel"]) for uri in chosen}
    areas: dict[str, dict] = {}
    document_skills = []
    for uri in chosen:
        row = skill_rows[uri]
        area_slug, area_name = AREAS.get(row["skillType"], OTHER_AREA)
        areas.setdefault(area_slug, {"slug": area_slug, "name": area_name})
        document_skills.append(
            {
                "slug": slug_of[uri],
                "name": short_name(row["preferredLabel"]),
                "area": area_slug,
                "description": plain_text(row["description"]),
                "prerequisites": [
                    {"skill": slug_of[other], "level": 1}
                    for other in essential.get(uri, ())
                    if other in slug_of
                ],
                "source": uri,
            }
        )
    notes += _break_cycles(document_skills)

    role_slugs = Slugs(taken)
    document_roles = []
    for row, linked in roles:
        requirements, seen = [], set()
        for relation, uri in linked:
            if uri not in slug_of or uri in seen:
                continue
            seen.add(uri)
            core = relation == "essential"
            requirements.append(
                {
                    "skill": slug_of[uri],
                    "level": core_level if core else nice_level,
                    "priority": "core" if core else "nice",
                }
            )
        titles = [t.strip() for t in row["altLabels"].replace("|", "\n").splitlines() if t.strip()]
        document_roles.append(
            {
                "slug": role_slugs.new(row["preferredLabel"]),
                "name": short_name(row["preferredLabel"]),
                "description": plain_text(row["description"]),
                "titles": titles,
                "requirements": requirements,
                "source": row["conceptUri"],
            }
        )

    document = {
        "format": FORMAT,
        "name": "ESCO",
        **({"mode": "merge"} if module else {}),
        "defaults": declared_defaults(),
        "areas": sorted(areas.values(), key=lambda a: a["slug"]),
        "skills": document_skills,
        "roles": document_roles,
    }
    parse_document(document)  # an importer never writes a file the loader would refuse
    return document, notes


def _break_cycles(skills: list[dict]) -> list[str]:
    """Drop the prerequisite closing each cycle until none is left; say which."""
    by_slug = {s["slug"]: s for s in skills}
    notes: list[str] = []
    while True:
        graph = {s["slug"]: [p["skill"] for p in s["prerequisites"]] for s in skills}
        knots = prerequisite_knots(graph)
        if not knots:
            return notes
        for cycle, _ in knots:
            required, skill = cycle[-2], cycle[-1]
            entry = by_slug[skill]
            entry["prerequisites"] = [p for p in entry["prerequisites"] if p["skill"] != required]
            notes.append(
                f"essential relations go round ({' → '.join(cycle)}): "
                f"'{required}' is not made a prerequisite of '{skill}'"
            )
