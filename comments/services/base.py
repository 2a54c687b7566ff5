"""What every comment service shares: the conflict error, the recount, notes and audit rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from articles.models import Article
from cms.content_version import content_changed
from cms.prepared import PreparedInsert, statement_cursor

from ..models import Comment, ModerationEvent

NOTE_MAX_LENGTH = ModerationEvent._meta.get_field("note").max_length


class StatusChanged(Exception):
    """The comment's status is no longer the one the decision was made on."""

    def __init__(self, current: str | None):
        super().__init__(current)
        self.current = current


def approved_set_changed(article_ids: Iterable[int]) -> None:
    """Recount ``comment_count`` of these articles (one UPDATE) and bump the content version."""
    approved = (
        Comment.objects.approved().filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk")).values("n")
    )
    Article.objects.filter(pk__in=set(article_ids)).update(comment_count=Coalesce(Subquery(approved), 0))
    content_changed()


def clean_note(note: str | None) -> str:
    """A moderator's note as stored: trimmed, at most NOTE_MAX_LENGTH characters, no NUL."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}})
    if "\x00" in note:
        raise ValidationError({"note": _("Contains characters that are not allowed.")})
    return note


INSERT_EVENT = PreparedInsert(ModerationEvent)


def event_values(*, comment_id: int, action: str, by=None, rule: str = "", note: str = "", from_status: str = "",
                 to_status: str = "", now: datetime) -> dict:
    """The columns of one audit row (``INSERT_EVENT``)."""
    return {
        "comment_id": comment_id,
        "comment_ref": comment_id,
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "actor_id": by.pk if by else None,
        "actor_rule": rule,
        "note": note,
        "created_at": now,
    }


def record_event(*, comment: Comment, action: str, by=None, rule: str = "", note: str = "", from_status: str = "",
                 to_status: str = "", now: datetime) -> int:
    """One audit row for one comment; its id."""
    return INSERT_EVENT.one(**event_values(comment_id=comment.pk, action=action, by=by, rule=rule, note=note,
                                           from_status=from_status, to_status=to_status, now=now))


def insert_per_comment(model: type[Model], *, ids: list[int], copy: dict[str, str], values: dict) -> int:
    """``INSERT INTO model (...) SELECT ... FROM comments WHERE id IN (ids)``: one row per comment, one query.

    ``copy`` maps a field of ``model`` to the Comment field it takes its value from (``{"comment":
    "id", "from_status": "status"}``); ``values`` are the same for every row. One statement
    whatever the number of rows: ``bulk_create`` splits its INSERT on SQLite (999 parameters per
    statement in Django), so its query count would grow with the number of comments.
    """
    if not ids:
        return 0
    qn = connection.ops.quote_name
    source = Comment._meta
    columns, selected, params = [], [], []
    for name, comment_field in copy.items():
        columns.append(qn(model._meta.get_field(name).column))
        selected.append(qn(source.get_field(comment_field).column))
    for name, value in values.items():
        field = model._meta.get_field(name)
        columns.append(qn(field.column))
        selected.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    sql = "INSERT INTO {table} ({columns}) SELECT {selected} FROM {source} WHERE {pk} IN ({ids})".format(
        table=qn(model._meta.db_table),
        columns=", ".join(columns),
        selected=", ".join(selected),
        source=qn(source.db_table),
        pk=qn(source.pk.column),
        ids=", ".join(["%s"] * len(ids)),
    )
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, [*params, *ids])
        return cursor.rowcount


def events_for(ids: list[int], *, action: str, now: datetime, by=None, rule: str = "", note: str = "",
               to_status: str | None = None) -> int:
    """Audit rows for many comments in one query, ``from_status`` read from each row (call before changing it).

    ``to_status`` None: the status stays (edits, erasure, deletion).
    """
    copy = {"comment": "id", "comment_ref": "id", "from_status": "status"}
    values = {"action": action, "actor": by.pk if by else None, "actor_rule": rule, "note": note, "created_at": now}
    if to_status is None:
        copy["to_status"] = "status"
    else:
        values["to_status"] = to_status
    return insert_per_comment(ModerationEvent, ids=ids, copy=copy, values=values)
