from django.core.management.base import BaseCommand, CommandError

from curriculum.exchange import CurriculumFileError
from curriculum.exchange.document import LEVELS
from curriculum.exchange.esco import import_esco
from curriculum.exchange.sources import SourceFileError
from curriculum.management.commands.import_moodle_framework import write
from curriculum.models import Role, Skill

# The command's options, which import_esco takes under the same names.
OPTIONS = (
    "skills", "relations", "occupations", "occupation_skills", "only", "core_level",
    "nice_level", "module",
)  # fmt: skip


class Command(BaseCommand):
    help = (
        "Turn ESCO CSV files (skills, skill relations, occupations and their skills) into a "
        "waymark-curriculum file to review, then load with load_curriculum."
    )

    def add_arguments(self, parser):
        parser.add_argument("--skills", required=True, help="skills_en.csv")
        parser.add_argument("--relations", help="skillSkillRelations_en.csv")
        parser.add_argument("--occupations", help="occupations_en.csv")
        parser.add_argument("--occupation-skills", help="occupationSkillRelations_en.csv")
        parser.add_argument(
            "--occupation",
            dest="only",
            action="append",
            default=[],
            help="Import only this occupation (URI or preferred label); repeatable.",
        )
        parser.add_argument("--core-level", type=int, default=3, choices=LEVELS)
        parser.add_argument("--nice-level", type=int, default=2, choices=LEVELS)
        parser.add_argument("-o", "--output", help="Where to write; standard output if absent.")
        parser.add_argument(
            "--module",
            action="store_true",
            help="Write a 'mode: merge' module whose slugs avoid the loaded curriculum's.",
        )

    def handle(self, *args, **opts):
        taken: frozenset[str] = frozenset()
        if opts["module"]:
            taken = frozenset(Skill.objects.values_list("slug", flat=True)) | frozenset(
                Role.objects.values_list("slug", flat=True)
            )
        try:
            document, notes = import_esco(**{name: opts[name] for name in OPTIONS}, taken=taken)
        except (SourceFileError, CurriculumFileError) as error:
            raise CommandError(str(error)) from error
        write(self, document, opts["output"], notes)
