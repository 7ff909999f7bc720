"""Time reading and loading curriculum files: the shipped one and a synthetic large one."""

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from benchmarks.curriculum_files import synthetic_curriculum
from curriculum.exchange.document import FORMAT, parse_document, read_raw
from curriculum.exchange.export import dump
from curriculum.services import load_curriculum_file, load_curriculum_text


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Seconds to read, first load (into an empty curriculum) and reload (unchanged) the "
        "shipped curriculum file and a synthetic one; everything is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--skills", type=int, default=5000, help="Synthetic file size.")

    def handle(self, *args, skills: int, **options):
        with tempfile.TemporaryDirectory() as folder:
            synthetic = Path(folder) / "synthetic.yaml"
            synthetic.write_text(dump(synthetic_curriculum(skills)), encoding="utf-8")
            rows = [
                self.measure("shipped", Path(settings.CURRICULUM_FILE)),
                self.measure(f"synthetic {skills:,} skills", synthetic),
            ]
        self.stdout.write(f"{'file':<26}{'KiB':>8}{'read':>8}{'first load':>12}{'reload':>8}")
        for name, size, read, first, again in rows:
            self.stdout.write(f"{name:<26}{size:>8,.0f}{read:>8.2f}{first:>12.2f}{again:>8.2f}")

    def measure(self, name: str, path: Path) -> tuple:
        start = time.perf_counter()
        parse_document(read_raw(path))
        read = time.perf_counter() - start
        try:
            with transaction.atomic():
                # An empty curriculum first, so the first load creates everything.
                load_curriculum_text(text=f"format: {FORMAT}\n")
                start = time.perf_counter()
                load_curriculum_file(path=path)
                first = time.perf_counter() - start
                start = time.perf_counter()
                load_curriculum_file(path=path)
                again = time.perf_counter() - start
                raise _RollBack
        except _RollBack:
            pass
        return name, path.stat().st_size / 1024, read, first, again
