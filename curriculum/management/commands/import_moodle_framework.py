from django.core.management.base import BaseCommand, CommandError

from curriculum.exchange import CurriculumFileError
from curriculum.exchange.document import LEVELS
from curriculum.exchange.export import dump
from curriculum.exchange.moodle import import_framework
from curriculum.exchange.sources import SourceFileError
from curriculum.models import Area, Skill


class Command(BaseCommand):
    help = (
        "Turn a Moodle competency framework CSV (tool_lpimportcsv's columns) into a "
        "waymark-curriculum file to review, then load with load_curriculum."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", help="The framework, as Moodle exports it.")
        parser.add_argument("-o", "--output", help="Where to write; standard output if absent.")
        parser.add_argument(
            "--level", type=int, default=3, choices=LEVELS, help="Level the role requires."
        )
        parser.add_argument(
            "--module",
            action="store_true",
            help="Write a 'mode: merge' module whose slugs avoid the loaded curriculum's.",
        )

    def handle(self, *args, csv: str, output: str | None, level: int, module: bool, **options):
        taken: frozenset[str] = frozenset()
        if module:
            taken = frozenset(Skill.objects.values_list("slug", flat=True)) | frozenset(
                Area.objects.values_list("slug", flat=True)
            )
        try:
            document = import_framework(csv, level=level, module=module, taken=taken)
        except (SourceFileError, CurriculumFileError) as error:
            raise CommandError(str(error)) from error
        write(self, document, output, [])


def write(command: BaseCommand, document: dict, output: str | None, notes: list[str]) -> None:
    """Write an imported document, with a summary and the importer's notes on stderr."""
    text = dump(document)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        command.stdout.write(text, ending="")
    for note in notes:
        command.stderr.write(f"note: {note}")
    command.stderr.write(
        f"Imported {len(document['areas'])} areas, {len(document['skills'])} skills, "
        f"{len(document['roles'])} roles" + (f" to {output}." if output else ".")
    )
