from django.core.management.base import BaseCommand

from curriculum.exchange import write_file
from curriculum.exchange.export import dump, export_document


class Command(BaseCommand):
    help = "Write the curriculum as a waymark-curriculum/1 file (YAML, or JSON for *.json)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write; standard output if absent.")

    def handle(self, *args, file: str | None, **options):
        if file is None:
            self.stdout.write(dump(export_document()), ending="")
            return
        document = write_file(file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(document['skills'])} skills, {len(document['roles'])} roles, "
                f"{len(document['projects'])} projects to {file}."
            )
        )
