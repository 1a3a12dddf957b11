"""Fair selection of citizens' assembly panels: pure Python and HiGHS, no web framework.

The public API:

    instance = read_instance("categories.csv", "respondents.csv", panel_size=40)
    report = check_feasibility(instance)             # FeasibilityReport
    result = select_panel(instance, seed=42)         # SelectionResult, raises InfeasibleError
    again = verify_record(result.record, instance)   # Verification(ok, problems)
    repl = draw_replacements(instance, result.panel, ["id-of-dropout"], seed=7)
"""

from .audit import VERSION as __version__
from .csvio import read_instance
from .feasibility import FeasibilityReport, Relaxation, check_feasibility
from .legacy import DeadEnd
from .model import Exclusion, InfeasibleError, InputError, Instance, Person, Quota, make_instance
from .replacement import ReplacementResult, draw_replacements
from .selection import SelectionResult, select_panel
from .verify import Verification, verify_record

__all__ = [
    "DeadEnd",
    "Exclusion",
    "FeasibilityReport",
    "InfeasibleError",
    "InputError",
    "Instance",
    "Person",
    "Quota",
    "Relaxation",
    "ReplacementResult",
    "SelectionResult",
    "Verification",
    "__version__",
    "check_feasibility",
    "draw_replacements",
    "make_instance",
    "read_instance",
    "select_panel",
    "verify_record",
]
