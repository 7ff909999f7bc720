"""Insert study content (``practice``, ``resources``, project ``dataset``) into the curriculum
file as text, right after each entry's description, leaving every other byte as it was.

    .venv/bin/python scripts/merge_study_content.py STAGING.yaml [curriculum/data/ai-careers.yaml]

STAGING holds ``skills: {slug: {practice: {level: text}, resources: [...]}}`` and
``projects: {slug: {title, url}}``. Keys already present in an entry are replaced, so the
script can be run again. The result is checked: parsed, it must equal the original document
with exactly the new keys added, and it must pass the curriculum file's validation.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ENTRY = re.compile(r"^  - slug: (\S+)\s*$")
SECTION = re.compile(r"^(\w+):")
SKILL_KEYS = ("practice", "resources")
PROJECT_KEYS = ("dataset",)
RESOURCE_ORDER = ("title", "url", "kind", "free", "hours", "levels")


def _scalar(value) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True)
    return text.removesuffix("\n...\n").strip()  # a lone scalar is dumped as a document


def _flow(mapping: dict, order: tuple[str, ...]) -> str:
    keys = [k for k in order if k in mapping] + [k for k in mapping if k not in order]
    ordered = {k: mapping[k] for k in keys}
    return yaml.safe_dump(
        ordered, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True
    ).strip()


def skill_lines(content: dict) -> list[str]:
    lines = []
    if content.get("practice"):
        lines.append("    practice:\n")
        for level, text in sorted(content["practice"].items()):
            lines.append(f"      {level}: {_scalar(' '.join(text.split()))}\n")
    if content.get("resources"):
        lines.append("    resources:\n")
        for resource in content["resources"]:
            resource = {"free": True, **resource}
            lines.append(f"      - {_flow(resource, RESOURCE_ORDER)}\n")
    return lines


def project_lines(dataset: dict) -> list[str]:
    return [f"    dataset: {_flow(dataset, ('title', 'url'))}\n"]


def _without_keys(body: list[str], keys: tuple[str, ...]) -> list[str]:
    """The entry's lines minus the blocks of ``keys`` (a key line and its deeper lines)."""
    out, skipping = [], False
    for line in body:
        if line.startswith("    ") and not line.startswith("     "):
            skipping = any(line.startswith(f"    {k}:") for k in keys)
        if not skipping:
            out.append(line)
    return out


def _after_description(body: list[str]) -> int:
    """Where new keys go: right after the entry's description (its folded lines included),
    away from the keys other changes touch most (hours, prerequisites, skills), so that a
    merge with them stays clean. Without a description, at the end."""
    for index, line in enumerate(body):
        if line.startswith("    description:"):
            end = index + 1
            while end < len(body) and body[end].startswith("      "):
                end += 1
            return end
    return len(body)


def _insert(body: list[str], keys: tuple[str, ...], lines: list[str]) -> list[str]:
    body = _without_keys(body, keys)
    at = _after_description(body)
    return body[:at] + lines + body[at:]


def merge(text: str, staging: dict) -> str:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    section = None
    i = 0
    skills = staging.get("skills") or {}
    projects = staging.get("projects") or {}
    seen: set[tuple[str, str]] = set()
    while i < len(lines):
        line = lines[i]
        top = SECTION.match(line)
        if top:
            section = top.group(1)
        match = ENTRY.match(line) if section in ("skills", "projects") else None
        if not match:
            out.append(line)
            i += 1
            continue
        slug = match.group(1)
        # The entry runs to the next entry, section or comment at the entry's indentation;
        # trailing blank and comment lines stay after what is inserted.
        end = i + 1
        while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
            end += 1
        body_end = end
        while body_end > i + 1 and not lines[body_end - 1].strip():
            body_end -= 1
        body = lines[i:body_end]
        if section == "skills" and slug in skills:
            body = _insert(body, SKILL_KEYS, skill_lines(skills[slug]))
            seen.add(("skills", slug))
        elif section == "projects" and slug in projects:
            body = _insert(body, PROJECT_KEYS, project_lines(projects[slug]))
            seen.add(("projects", slug))
        out.extend(body)
        out.extend(lines[body_end:end])
        i = end
    unknown = [f"{kind} {slug}" for kind in ("skills", "projects")
               for slug in (skills if kind == "skills" else projects)
               if (kind, slug) not in seen]  # fmt: skip
    if unknown:
        raise SystemExit(f"not in the curriculum file: {', '.join(unknown)}")
    return "".join(out)


def check(before: str, after: str, staging: dict) -> None:
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    for entry in old["skills"]:
        content = (staging.get("skills") or {}).get(entry["slug"], {})
        for key in SKILL_KEYS:
            entry.pop(key, None)
            if content.get(key):
                entry[key] = content[key]
    for entry in old["projects"]:
        entry.pop("dataset", None)
        if entry["slug"] in (staging.get("projects") or {}):
            entry["dataset"] = staging["projects"][entry["slug"]]
    normalise = _normalised
    if normalise(old) != normalise(new):
        raise SystemExit("the merged file does not parse to the original plus the new keys")


def _normalised(document: dict) -> dict:
    for entry in document["skills"]:
        for resource in entry.get("resources", []):
            resource.setdefault("free", True)
        if "practice" in entry:
            entry["practice"] = {k: " ".join(v.split()) for k, v in entry["practice"].items()}
    return document


def main(argv: list[str]) -> None:
    staging_path = Path(argv[1])
    target = Path(argv[2] if len(argv) > 2 else "curriculum/data/ai-careers.yaml")
    staging = yaml.safe_load(staging_path.read_text(encoding="utf-8"))
    before = target.read_text(encoding="utf-8")
    after = merge(before, staging)
    check(before, after, staging)
    target.write_text(after, encoding="utf-8")
    print(f"{target}: {len(staging.get('skills') or {})} skills, "
          f"{len(staging.get('projects') or {})} projects merged")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv)
