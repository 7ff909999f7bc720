from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from curriculum.exchange import CurriculumFileError
from curriculum.services import load_curriculum_file


class Command(BaseCommand):
    help = "Load a waymark-curriculum/1 file (default: the shipped one), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(settings.CURRICULUM_FILE))

    def handle(self, *args, file: str, **options):
        try:
            report = load_curriculum_file(path=file)
        except CurriculumFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
        for label in report.retired:
            self.stdout.write(f"  retired (still in use, hidden from new plans): {label}")
