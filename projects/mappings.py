"""Uploaded spreadsheets and their confirmed column mappings (the mapping page's storage).

An upload is kept in the database (web processes keep no files) until it is imported, and at most a day.
A confirmed mapping is kept per agreement, kind of import and header signature
(:func:`cores.column_map.signature`), and offered again for the next file of the same shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import Actor, audit_record
from cores.column_map import Schema, mapping_by_header, mapping_from_headers, signature
from projects.models import ColumnMapping, ImportUpload

IMPORT_ACTION = "import.spreadsheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
KEEP_UPLOADS = dt.timedelta(days=1)


def upload_store(*, actor: User, agreement: Any, kind: str, file_name: str, content: bytes) -> ImportUpload:
    """Keep an uploaded file for the mapping page (and forget uploads older than a day)."""
    require(actor, IMPORT_ACTION, agreement)
    if not content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("The file is larger than 20 MB.")]})
    ImportUpload.objects.filter(uploaded_at__lt=timezone.now() - KEEP_UPLOADS).delete()
    return ImportUpload.objects.create(
        kind=kind,
        agreement=agreement,
        file_name=file_name[:255],
        content=content,
        uploaded_by=actor,
    )


def upload_of(actor: User, pk: int) -> ImportUpload | None:
    """An upload of this user's (another's is never shown)."""
    return ImportUpload.objects.filter(pk=pk, uploaded_by=actor).select_related("agreement").first()


def saved_mapping(agreement: Any, kind: str, headers: Sequence[str], schema: Schema) -> dict[int, str] | None:
    """The mapping confirmed earlier for a file of this shape, by column position; None if there is none."""
    saved = ColumnMapping.objects.filter(agreement=agreement, kind=kind, signature=signature(headers)).first()
    if saved is None:
        return None
    return mapping_from_headers(saved.columns, headers, schema, strict=False)


def saved_fixed(agreement: Any, kind: str, headers: Sequence[str], schema: Schema) -> dict[str, str]:
    """The fixed values confirmed with the mapping of a file of this shape (fields the schema still has)."""
    saved = ColumnMapping.objects.filter(agreement=agreement, kind=kind, signature=signature(headers)).first()
    if saved is None:
        return {}
    return {key: str(value) for key, value in (saved.fixed or {}).items() if key in schema.keys}


@transaction.atomic
def mapping_save(
    *,
    actor: User,
    agreement: Any,
    kind: str,
    headers: Sequence[str],
    mapping: Mapping[int, str],
    file_name: str,
    summary: Mapping[str, Any],
    fixed: Mapping[str, str] | None = None,
) -> ColumnMapping:
    """Keep the confirmed mapping (and its fixed values) for the next file of this shape, and audit the
    import it was used for."""
    require(actor, IMPORT_ACTION, agreement)
    columns = mapping_by_header(mapping, headers)
    fixed_values = {key: str(value) for key, value in (fixed or {}).items()}
    saved, _created = ColumnMapping.objects.update_or_create(
        agreement=agreement,
        kind=kind,
        signature=signature(headers),
        defaults={"headers": list(headers), "columns": columns, "fixed": fixed_values, "saved_by": actor},
    )
    after = {"file": file_name, "kind": kind, "columns": columns, **summary}
    if fixed_values:
        after["fixed"] = fixed_values
    audit_record(actor=Actor(user=actor), action="spreadsheet.imported", obj=saved, after=after)
    return saved
