from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from curriculum.exchange import CurriculumFileError
from curriculum.services import load_curriculum_file


class Command(BaseCommand):
    help = (
        "Load a waymark-curriculum file (default: the shipped one), all or nothing. The file "
        "replaces the curriculum unless it says 'mode: merge' or --merge is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(settings.CURRICULUM_FILE))
        parser.add_argument(
            "--merge",
            action="store_true",
            help="Add and update the file's entries; keep every other entry (a module).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what the load would create, change, delete and retire; save nothing.",
        )

    def handle(self, *args, file: str, merge: bool, dry_run: bool, **options):
        try:
            report = load_curriculum_file(path=file, merge=merge, dry_run=dry_run)
        except CurriculumFileError as error:
            raise CommandError(str(error)) from error
        if dry_run or options["verbosity"] > 1:
            for line in report.lines():
                self.stdout.write(f"  {line}")
        else:
            for label in report.retired:
                self.stdout.write(f"  retired (still in use, hidden from new plans): {label}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
