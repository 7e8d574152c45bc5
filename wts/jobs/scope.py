"""A person's own jobs and downloads: anyone else's is a 404."""

from django.http import Http404

from .models import Job


def get_own_job(user, pk) -> Job:
    try:
        return Job.objects.select_related("file").defer("file__content").get(pk=pk, owner=user)
    except Job.DoesNotExist:
        raise Http404 from None
