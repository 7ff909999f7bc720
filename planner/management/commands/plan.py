"""A roadmap in the terminal: ``manage.py plan --role data-scientist --hours 10``."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from curriculum.exchange import CurriculumFileError, read_file
from planner import engine
from planner.any_of import any_of_from_document, resolve_any_of
from planner.snapshot import curriculum_graph_for, graph_from_document
from planner.study import studies, study_text


def _skill(value: str) -> tuple[str, int]:
    slug, sep, level = value.partition("=")
    if not sep or not level.isdigit():
        raise CommandError(f"--skill expects slug=level, not {value!r}")
    return slug, int(level)


class Command(BaseCommand):
    help = "Print a staged roadmap for a role, weekly hours and current levels."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="Target role slug.")
        parser.add_argument("--hours", type=float, default=10, help="Hours a week (1–80).")
        parser.add_argument("--skill", action="append", default=[], metavar="SLUG=LEVEL")
        parser.add_argument("--start", type=date.fromisoformat, default=None)
        parser.add_argument("--target-date", type=date.fromisoformat, default=None)
        parser.add_argument("--nice", action="store_true", help="Include nice-to-have skills.")
        parser.add_argument(
            "--curriculum", metavar="FILE", help="Plan over this file instead of the database."
        )
        parser.add_argument(
            "--details",
            action="store_true",
            help="Under each step, what to study: the level's descriptor, a practice task and "
            "resources; for projects, deliverables and a suggested dataset.",
        )

    def handle(self, *args, **opts):
        levels = dict(_skill(v) for v in opts["skill"])
        document = None
        if opts["curriculum"]:
            try:
                document = read_file(opts["curriculum"])
            except CurriculumFileError as error:
                raise CommandError(str(error)) from error
            graph = resolve_any_of(
                graph_from_document(document), any_of_from_document(document), levels
            )
        else:
            graph = curriculum_graph_for(levels)
        start = opts["start"] or date.today()
        if opts["target_date"] is not None and opts["target_date"] <= start:
            raise CommandError(
                f"--target-date {opts['target_date']} must be after the start date {start}."
            )
        unknown = sorted(set(levels) - set(graph.skills))
        if unknown:
            raise CommandError(f"Unknown skill: {', '.join(unknown)}")
        try:
            learner = engine.LearnerState(
                levels=levels,
                weekly_hours=opts["hours"],
                start_date=start,
                target_date=opts["target_date"],
                include_nice_to_have=opts["nice"],
            )
            plan = engine.build_plan(graph, opts["role"], learner)
        except engine.PlanningError as error:
            raise CommandError(str(error)) from error
        details = studies(plan.items, document=document) if opts["details"] else None
        self.stdout.write(render(plan, learner, self.style, details=details))


def render(plan: engine.Plan, learner: engine.LearnerState, style, *, details=None) -> str:
    lines = [
        style.MIGRATE_HEADING(f"Roadmap to {plan.role_name} at {learner.weekly_hours:g} h/week"),
        f"Total {plan.total_hours:g} hours over {plan.weeks:.1f} weeks: "
        f"{learner.start_date:%d %b %Y} → {plan.finish_date:%d %b %Y}",
    ]
    for milestone in plan.milestones:
        lines.append(f"  {milestone.title}: week {milestone.week:.0f}, {milestone.date:%d %b %Y}")
    if plan.target:
        target = plan.target
        verdict = "reachable" if target.reachable else "not reachable"
        needed = target.weekly_hours_needed
        lines.append(
            f"Target {target.date:%d %b %Y}: {verdict}"
            + (f" (needs {needed:g} h/week)" if needed is not None else "")
        )
        if target.advice:
            lines.append(f"  {target.advice}")
    if plan.message:
        lines.append(plan.message)
    for stage in plan.stages:
        lines.append("")
        lines.append(
            style.HTTP_INFO(f"{stage.title}  ·  {stage.hours:g} h, {len(stage.items)} items")
        )
        if not stage.items:
            lines.append("  (nothing left to learn in this stage)")
        for item in stage.items:
            what = (
                f"Project: {item.project_name}"
                if item.kind == "project"
                else f"{item.skill_name} {item.from_level}→{item.to_level}"
            )
            lines.append(
                f"  wk {item.start_week:6.1f}–{item.end_week:6.1f}  {item.hours:5g} h  {what}"
            )
            for reason in item.reasons:
                lines.append(f"{'':29}· {reason}")
            if details is not None:
                text = study_text(details.get(item.key))
                lines += [f"{'':29}{line}" for line in text.splitlines()]
    if plan.ready_now:
        lines.append("")
        ready = ", ".join(f"{s.skill} {s.to_level}" for s in plan.ready_now)
        lines.append(f"Ready to learn now: {ready}")
    return "\n".join(lines) + "\n"
