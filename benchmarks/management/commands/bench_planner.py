"""Time the planning engine against a bare graphlib sort and a networkx planner."""

from django.core.management.base import BaseCommand

from benchmarks.run import format_table, load_average, run_benchmarks, verdict
from planner.snapshot import curriculum_graph


class Command(BaseCommand):
    help = (
        "Median engine time on the shipped curriculum and synthetic DAGs, against a graphlib "
        "topological sort of the same step graph (the floor) and a networkx planner, with the "
        "targets and whether they hold."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--sizes", default="100,1000,10000,30000")
        parser.add_argument(
            "--networkx-up-to",
            type=int,
            default=None,
            metavar="SKILLS",
            help="Run the networkx planner only on graphs of up to this many skills.",
        )

    def handle(self, *args, repeat: int, sizes: str, networkx_up_to: int | None, **opts):
        shipped = curriculum_graph()
        self.stdout.write(f"before: {load_average()}")
        rows = run_benchmarks(
            shipped if shipped.skills else None,
            sizes=tuple(int(n) for n in sizes.split(",")),
            repeat=repeat,
            networkx_up_to=networkx_up_to,
        )
        self.stdout.write(format_table(rows))
        self.stdout.write(f"after: {load_average()}")
        self.stdout.write(verdict(rows))
