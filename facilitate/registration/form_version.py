"""An assembly's `updated_at` moves whenever anything its registration form shows changes.

The blank form is kept per worker under the assembly's id and `updated_at` (registration/
page.py), so that a rush of visitors costs one light query each. That is only right if editing
a quota question, one of the assembly's own questions or the support it offers also counts
as changing the assembly: this listener makes it so, in the same flush, whichever service made
the change.
"""

from sqlalchemy import event
from sqlalchemy.orm import Session

from facilitate.models import Assembly, QuotaCategory, QuotaValue
from facilitate.models.base import utcnow
from facilitate.models.registration_form import AssemblySupport, RegistrationQuestion
from facilitate.models.translations import ContentTranslation

#: A translation counts too: the form shows its questions in the reader's language.
_BY_ASSEMBLY = (QuotaCategory, RegistrationQuestion, AssemblySupport, ContentTranslation)


def _assembly_of(session: Session, obj) -> Assembly | None:
    # A pending row knows its assembly through the relationship only: ids come at the flush.
    if isinstance(obj, QuotaValue):
        obj = obj.category or session.get(QuotaCategory, obj.category_id)
        if obj is None:
            return None
    assembly = getattr(obj, "assembly", None)
    if assembly is None and obj.assembly_id is not None:
        assembly = session.get(Assembly, obj.assembly_id)
    return assembly


@event.listens_for(Session, "before_flush")
def _touch_assemblies(session: Session, _context, _instances) -> None:
    changed = {
        _assembly_of(session, obj)
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, (*_BY_ASSEMBLY, QuotaValue))
    }
    changed.discard(None)
    for assembly in changed:
        assembly.updated_at = utcnow()
