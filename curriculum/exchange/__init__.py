"""The curriculum file (``format: waymark-curriculum/2``, and /1): read, validate, load, export."""

from curriculum.exchange.document import FORMAT, CurriculumFileError, parse_document, read_file
from curriculum.exchange.export import export_document, write_file
from curriculum.exchange.load import LoadReport, load_document

__all__ = [
    "FORMAT",
    "CurriculumFileError",
    "LoadReport",
    "export_document",
    "load_document",
    "parse_document",
    "read_file",
    "write_file",
]
