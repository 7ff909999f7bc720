"""``manage.py check_resources``: which curriculum links are dead or redirected.

Meant for curators, in production: it requests every resource and dataset URL once (HEAD,
then GET where HEAD is refused), with bounded concurrency (overall and per host), timeouts and
redirects, prints a table of the links that need attention, and exits with status 1 when a
link is dead or unreachable (so a scheduled run can alert). A link whose server answers 429
is reported as rate-limited, not dead.
"""

from django.core.management.base import BaseCommand, CommandError

from curriculum.links import LinkCheck, LinkUse, Outcome, check_links, curriculum_links

ORDER = [Outcome.DEAD, Outcome.UNREACHABLE, Outcome.UNCHECKED, Outcome.REDIRECTED, Outcome.OK]


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


def _what(check: LinkCheck) -> str:
    if check.outcome == Outcome.REDIRECTED:
        return f"→ {check.final_url} ({check.hops} redirect{'s' if check.hops > 1 else ''})"
    if check.outcome == Outcome.OK and check.method == "GET":
        return "answers GET only"
    return check.detail


def table(uses: list[LinkUse], results: dict[str, LinkCheck], *, everything: bool) -> list[str]:
    rows = [
        (
            results[use.url].outcome.value,
            str(results[use.url].status or "–"),
            use.owner,
            use.title,
            use.url,
            _what(results[use.url]),
        )
        for use in sorted(uses, key=lambda u: ORDER.index(results[u.url].outcome))
        if everything or results[use.url].outcome != Outcome.OK
    ]
    header = ("outcome", "status", "where", "title", "url", "")
    widths = [
        max(len(row[i]) for row in [header, *rows]) if i < 5 else 0 for i in range(len(header))
    ]
    widths[3] = min(widths[3], 40)
    lines = []
    for row in [header, *rows]:
        cells = [row[i][: widths[i]].ljust(widths[i]) for i in range(5)]
        lines.append("  ".join([*cells, row[5]]).rstrip())
    return lines


class Command(BaseCommand):
    help = "Request every resource and dataset URL of the curriculum and report dead links."

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=_positive_int,
            default=8,
            help="Requests in flight at once (default 8).",
        )
        parser.add_argument(
            "--per-host",
            type=_positive_int,
            default=2,
            help="Requests in flight to one host (default 2).",
        )
        parser.add_argument(
            "--timeout",
            type=_positive_float,
            default=10.0,
            help="Seconds per request (default 10).",
        )
        parser.add_argument(
            "--max-redirects",
            type=int,
            default=5,
            choices=range(0, 21),
            metavar="0–20",
            help="Redirects followed before a link counts as dead (default 5).",
        )
        parser.add_argument(
            "--all", action="store_true", help="List healthy links too, not only problems."
        )

    def handle(self, *args, **opts):
        uses = curriculum_links()
        if not uses:
            self.stdout.write("The curriculum has no links to check.")
            return
        results = check_links(
            uses,
            concurrency=opts["concurrency"],
            per_host=opts["per_host"],
            timeout=opts["timeout"],
            max_redirects=opts["max_redirects"],
        )
        lines = table(uses, results, everything=opts["all"])
        if len(lines) > 1:
            self.stdout.write("\n".join(lines))
        counts = {outcome: 0 for outcome in ORDER}
        for check in results.values():
            counts[check.outcome] += 1
        summary = (
            f"{len(results)} distinct links ({len(uses)} uses): {counts[Outcome.OK]} ok, "
            f"{counts[Outcome.REDIRECTED]} redirected, {counts[Outcome.DEAD]} dead, "
            f"{counts[Outcome.UNREACHABLE]} unreachable, {counts[Outcome.UNCHECKED]} rate-limited."
        )
        self.stdout.write(summary)
        failing = counts[Outcome.DEAD] + counts[Outcome.UNREACHABLE]
        if failing:
            raise CommandError(f"{failing} link(s) dead or unreachable.")
