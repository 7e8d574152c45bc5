"""A file given to a form that failed validation for another reason stays attached: it is held
in the project's storage under a short-lived token, signed and bound to the user, and the form
carries the token instead of asking for the file again. Held files expire after HELD_SECONDS
and are deleted when used, and whenever the same user holds another one after they expired."""

import secrets
import time

from django import forms
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

HELD_SECONDS = 60 * 60
_SALT = "wts.lib.held_uploads"
_ROOT = "held"


def _user_dir(user) -> str:
    return f"{_ROOT}/{user.pk}"


def _expired(directory: str, now: float) -> bool:
    stamp = directory.split("-", 1)[0]
    return not stamp.isdigit() or now - int(stamp) > HELD_SECONDS


def _delete_dir(path: str) -> None:
    _dirs, files = default_storage.listdir(path)
    for name in files:
        default_storage.delete(f"{path}/{name}")


def clean_up(user, now=None) -> None:
    """Delete this user's held files that have expired."""
    now = now or time.time()
    directories, _files = default_storage.listdir(_user_dir(user))
    for directory in directories:
        if _expired(directory, now):
            _delete_dir(f"{_user_dir(user)}/{directory}")


def hold(upload, user) -> str:
    """Keep ``upload`` for ``user``; answers the token that brings it back."""
    clean_up(user)
    upload.seek(0)
    directory = f"{_user_dir(user)}/{int(time.time())}-{secrets.token_hex(8)}"
    filename = (upload.name or "file").replace("/", "_")[-120:]
    name = default_storage.save(f"{directory}/{filename}", ContentFile(upload.read()))
    upload.seek(0)
    return signing.dumps({"user": user.pk, "name": name, "filename": filename}, salt=_SALT)


def _read_token(token, user):
    try:
        data = signing.loads(token, salt=_SALT, max_age=HELD_SECONDS)
    except signing.BadSignature:  # also an expired token
        return None
    if data.get("user") != user.pk or not str(data.get("name", "")).startswith(_user_dir(user) + "/"):
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


def release(token, user) -> None:
    """The held file was used: delete it."""
    data = _read_token(token, user)
    if data is not None:
        _delete_dir(data["name"].rsplit("/", 1)[0])


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
                self.held_files[name] = (hold(upload, user), upload.name)

    def release_uploads(self, user):
        for token, _name in self.held_files.values():
            release(token, user)
