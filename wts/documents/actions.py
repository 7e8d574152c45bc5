from django.db import transaction
from django.utils import timezone

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.permissions import require

from .models import Emblem


def upload_emblem(*, image: bytes, content_type: str, acting_user, source=Source.WEB, now=None) -> Emblem:
    """The department's Garuda emblem for letters: the new image replaces the one in use."""
    require(acting_user, "wts.upload_emblem")
    now = now or timezone.now()
    with transaction.atomic():
        emblem = Emblem.objects.create(image=image, content_type=content_type, uploaded_at=now,
                                       uploaded_by=acting_user)
        AuditEvent.record(AuditAction.EMBLEM_UPLOADED, actor=acting_user, source=source,
                          new_value=f"{content_type}, {len(image):,} bytes",
                          data={"emblem": emblem.pk, "bytes": len(image), "content_type": content_type})
    return emblem
