"""A file given to a form that failed validation for another reason stays attached: it is held
in the project's storage under a short-lived token, signed and bound to the user, and the form
carries the token instead of asking for the file again. Held files expire after HELD_SECONDS
and are deleted when used, and whenever the same user holds another one after they expired."""

from django import forms
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .actions import HELD_SALT, HELD_SECONDS, held_dir, hold_upload, release_held_upload


def _read_token(token, user):
    try:
        data = signing.loads(token, salt=HELD_SALT, max_age=HELD_SECONDS)
    except signing.BadSignature:  # also an expired token
        return None
    if data.get("user") != user.pk or not str(data.get("name", "")).startswith(held_dir(user) + "/"):
        return None
    return data


def held(token, user):
    """The held file as an upload (with its original name), or None when the token is not this
    user's, has expired or its file is gone."""
    data = _read_token(token, user)
    if data is None or not default_storage.exists(data["name"]):
        return None
    with default_storage.open(data["name"]) as stored:
        content = stored.read()
    return ContentFile(content, name=data["filename"])


def held_field_name(name: str) -> str:
    return f"{name}__held"


class KeepsUploads:
    """A form mixin: ``attach_held(user)`` before validation brings back the files held for this
    form; ``hold_uploads(user)`` after a failed validation holds each file that passed its own
    field's checks; ``release_uploads(user)`` after a success deletes them. ``held_files`` maps a
    field's name to (token, file name) for the template."""

    def file_field_names(self):
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def attach_held(self, user):
        self.held_files = {}
        for name in self.file_field_names():
            token = self.data.get(held_field_name(name))
            if name in self.files or not token:
                continue
            upload = held(token, user)
            if upload is not None:
                files = self.files.copy()
                files[name] = upload
                self.files = files
                self.held_files[name] = (token, upload.name)

    def hold_uploads(self, user):
        for name in self.file_field_names():
            if name in self.errors or name in self.held_files:
                continue
            upload = self.files.get(name)
            if upload is not None and hasattr(upload, "read"):
                self.held_files[name] = (hold_upload(upload, acting_user=user), upload.name)

    def release_uploads(self, user):
        for token, _name in self.held_files.values():
            release_held_upload(token, acting_user=user)
