"""The jobs that belong to the job machinery itself."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GeneratedFile


def remove_expired_files(job, progress) -> None:
    progress.step(_("ลบไฟล์ที่หมดอายุ"))
    removed, _by_model = GeneratedFile.objects.filter(expires_at__lte=timezone.now()).delete()
    progress.step(_("ลบไฟล์ที่หมดอายุแล้ว %(n)s ไฟล์") % {"n": removed})
