"""Time the planning engine against a plain networkx planner on the same graphs."""

from django.core.management.base import BaseCommand

from benchmarks.run import format_table, run_benchmarks
from planner.snapshot import curriculum_graph


class Command(BaseCommand):
    help = "Median engine time on the shipped curriculum and synthetic DAGs, vs networkx."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--sizes", default="100,1000,10000")

    def handle(self, *args, repeat: int, sizes: str, **opts):
        shipped = curriculum_graph()
        rows = run_benchmarks(
            shipped if shipped.skills else None,
            sizes=tuple(int(n) for n in sizes.split(",")),
            repeat=repeat,
        )
        self.stdout.write(format_table(rows))
