"""Writes of the overseas-compatriots module. Each takes the acting user; the edge checked the right."""

import json
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Field
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amity.audit import services as audit_services
from amity.audit.models import ObjectChange
from amity.audit.services import event_record
from amity.core.access import unit_descendant_ids
from amity.core.jobs import job_update, scrub_report
from amity.core.services import model_create, model_update
from amity.core.tabular import ImportRefused, read_table
from amity.core.text import fold
from amity.units.models import Unit

from .models import (
    Compatriot,
    Contribution,
    ContributionImportJob,
    DuplicateScan,
    ErasureJob,
    ImportJob,
    MergeRecord,
    RemittanceStat,
)
from .selectors import duplicate_scan_latest, duplicate_scan_stalled

ERASED = "[erased]"


@transaction.atomic
def compatriot_create(*, actor, data: dict) -> Compatriot:
    return model_create(model=Compatriot, data=data, actor=actor)


@transaction.atomic
def compatriot_update(*, actor, instance: Compatriot, data: dict, expected_version: int | None = None) -> Compatriot:
    if instance.erased_at:
        raise ValidationError(_("This person was erased on request; the record cannot be edited."))
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


def personal_access_record(
    *, actor, kind: str, records=None, query: str = "", model=Compatriot, shown: dict[int, int | None] | None = None
) -> None:
    """Log a view of personal data (a list page, a reveal, a detail) of ``records`` (or of the rows
    ``shown``, {record id: unit id}) in the export log, for the auditors of the units owning them."""
    audit_services.personal_access_record(
        actor=actor, model=model, kind=kind, records=records, query=query, shown=shown
    )


def _redact(snapshot: dict | None) -> dict | None:
    if not snapshot:
        return snapshot
    return {k: (ERASED if k in Compatriot.personal_fields and v not in (None, "") else v) for k, v in snapshot.items()}


def merge_group(compatriot: Compatriot) -> list[Compatriot]:
    """Every record of the same person: up the ``merged_into`` chain to the record kept, then
    down to everything merged into it, deleted or not (merged records are soft-deleted)."""
    root, seen = compatriot, {compatriot.pk}
    while root.merged_into_id and root.merged_into_id not in seen:
        seen.add(root.merged_into_id)
        root = Compatriot.all_objects.get(pk=root.merged_into_id)
    group, todo = [root], [root.pk]
    while todo:
        children = list(Compatriot.all_objects.filter(merged_into_id__in=todo).exclude(pk__in=[c.pk for c in group]))
        group += children
        todo = [c.pk for c in children]
    return group


def compatriot_erase(
    *, actor, compatriot: Compatriot, requested_on, reason: str = "", progress=None, job: ErasureJob | None = None
) -> Compatriot:
    """Erase a person's personal data on request (Law 91/2025/QH15), keeping anonymous counts.

    Country, home province, sex and year of birth stay so that the statistics do not change.
    A deleted record is erased too: it can still be restored, so it still holds personal data.
    The change log kept the personal values in its before/after snapshots; those values are
    replaced by "[erased]" in every entry of this record (the only edit ever made to the log),
    the names logged for its contributions ("<donor>: <amount>") lose the donor's name, and a
    ``diaspora.erased`` event records who erased, when and on whose request, without the
    values. Every record of the same person through merges (the one kept and those merged into
    it, whichever of them was asked for) is erased alike, and their merges can no longer be undone.

    The files that imports keep for their users are read before the write transaction starts:
    reading them takes seconds, and meanwhile other units must be able to write. Screens and the
    API queue the erasure as an ``ErasureJob`` for the task worker (``erasure_request``), which
    passes its ``progress(done, total, stage)`` and the ``job``: the job is marked done in the
    erasure's own transaction, so its state never says more or less than what was written.
    """
    if compatriot.erased_at:
        raise ValidationError(_("This person has already been erased."))
    progress = progress or (lambda done, total, stage=None: None)
    kept_files = _kept_files_naming(merge_group(compatriot), progress=progress)
    with transaction.atomic():
        group = merge_group(compatriot)
        for done, record in enumerate(group, 1):
            if not record.erased_at:
                _erase_one(record, requested_on=requested_on, reason=reason, kept_files=kept_files)
            progress(done, len(group), "erase")
        if job is not None:
            now = timezone.now()
            ErasureJob.objects.filter(pk=job.pk).update(status=ErasureJob.Status.DONE, finished=now, updated=now)
    compatriot.refresh_from_db()
    return compatriot


def erasure_request(*, actor, compatriot: Compatriot, requested_on, reason: str = "") -> ErasureJob:
    """Queue the erasure of ``compatriot`` for the task worker (the caller enqueues
    ``tasks.erase_compatriot`` for a job still queued). The actor's erasure of the same person
    already on its way is returned instead of a second one."""
    if compatriot.erased_at:
        raise ValidationError(_("This person has already been erased."))
    pending = ErasureJob.objects.restrict(actor).filter(compatriot=compatriot, status__in=ErasureJob.RUNNING)
    for job in pending:
        if not job.stopped:
            return job
    return ErasureJob.objects.create(
        compatriot=compatriot,
        user=actor,
        requested_on=requested_on,
        reason=reason,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def erasure_requeue(*, actor, job: ErasureJob) -> ErasureJob:
    """Queue again the actor's erasure whose worker stopped (``job.stopped``): its transaction was
    rolled back, so it runs again from the start and erases once. One conditional UPDATE, so a
    double click (or a worker that came back meanwhile) queues it once."""
    if job.user_id != actor.pk:
        raise PermissionDenied
    if not job.stopped or not ErasureJob.objects.filter(pk=job.pk, status=job.status, updated=job.updated).update(
        status=ErasureJob.Status.QUEUED, done=0, total=0, error="", updated=timezone.now()
    ):
        raise ValidationError(_("Only an erasure whose background worker stopped can be run again."))
    job.refresh_from_db()
    return job


@dataclass
class KeptFiles:
    """Which waiting imports' files were read before the erasure, and which of them name the person
    (each job as its model and id: compatriot and contribution imports alike)."""

    read: set[tuple[type, int]]
    naming: set[tuple[type, int]]


#: The imports whose kept files and reports may name a person: their lists of persons and of donors.
IMPORT_JOBS: tuple[type[ImportJob] | type[ContributionImportJob], ...] = (ImportJob, ContributionImportJob)


def _kept_files_naming(records: list[Compatriot], *, progress) -> KeptFiles:
    """Read, outside any transaction, the files kept for their users in the units of ``records``."""
    names: dict[int, set[str]] = {}
    for record in records:
        if not record.erased_at and record.full_name and record.full_name != ERASED:
            names.setdefault(record.unit_id, set()).add(fold(record.full_name))
    kept = KeptFiles(read=set(), naming=set())
    waiting = [model.objects.filter(unit_id__in=names, status__in=model.KEEPS_FILE) for model in IMPORT_JOBS]
    total = sum(jobs.count() for jobs in waiting)
    progress(0, total, "read")
    done = 0
    for jobs in waiting:
        for job in jobs.order_by("pk").only("pk", "unit_id", "filename", "content"):
            kept.read.add((type(job), job.pk))
            if _file_names(job, names[job.unit_id]):
                kept.naming.add((type(job), job.pk))
            done += 1
            progress(done, total, "read")
    return kept


def _concrete_field(name: str) -> Field:
    """A compatriot's own column (the personal and fillable fields are all concrete)."""
    return cast(Field, Compatriot._meta.get_field(name))


def _erase_one(compatriot: Compatriot, *, requested_on, reason: str, kept_files: KeptFiles) -> None:
    _scrub_import_jobs(compatriot, kept_files)
    for name in Compatriot.personal_fields:
        f = _concrete_field(name)
        setattr(compatriot, name, None if f.null else "")
    compatriot.erased_at = timezone.now()
    compatriot.full_name = ERASED
    compatriot.save()
    event_record(
        instance=compatriot,
        event="diaspora.erased",
        data={"requested_on": requested_on.isoformat(), "fields": list(Compatriot.personal_fields)},
        message=reason,
    )
    _scrub_log(compatriot, redact=_redact)
    for gift in Contribution.all_objects.filter(compatriot=compatriot):
        _scrub_log(gift)


def _scrub_import_jobs(compatriot: Compatriot, kept_files: KeptFiles) -> None:
    """Remove the person's values from what the unit's unfinished imports keep of their files: the
    preview rows bearing their name lose every personal value, the converted cells holding one of
    their values go, and a row error quoting one says "[erased]". A job whose report named them
    also loses its file and is refused, so that committing it cannot bring the person back, and so
    does a waiting job whose file names them (read before, in ``kept_files``; a job uploaded since
    is read here)."""
    values = set()
    for name in Compatriot.personal_fields:
        value = getattr(compatriot, name)
        if value not in (None, ""):
            values.add(fold(value.isoformat() if hasattr(value, "isoformat") else str(value)))
    values.discard("")
    name = fold(compatriot.full_name)
    if not name or compatriot.full_name == ERASED:
        return

    def quotes(text) -> bool:
        folded = fold(str(text))
        return any(value in folded for value in values if len(value) >= 3)

    jobs = ImportJob.objects.filter(unit_id=compatriot.unit_id).exclude(status=ImportJob.Status.DONE)
    for job in jobs.filter(report__has_any_keys=list(ImportJob.PERSONAL_REPORT_KEYS)).defer("content"):
        report = dict(job.report)
        preview = [
            {k: (ERASED if k in Compatriot.personal_fields and v not in (None, "") else v) for k, v in row.items()}
            if fold(row.get("full_name") or "") == name
            else row
            for row in report.get("preview", [])
        ]
        conversions = [c for c in report.get("conversions", []) if fold(str(c[3])) not in values]
        errors = [
            [row, column, ERASED if quotes(reason) else reason] for row, column, reason in report.get("errors", [])
        ]
        named = preview != report.get("preview", []) or any(
            fold(str(c[3])) == name for c in report.get("conversions", [])
        )
        if not named and errors == [list(e) for e in report.get("errors", [])]:
            continue
        report.update(
            {k: v for k, v in (("preview", preview), ("conversions", conversions), ("errors", errors)) if k in report}
        )
        fields: dict = {"report": report}
        if named and job.status != ImportJob.Status.FAILED:
            fields.update(_refusal_for_erasure(job, report))
        job_update(ImportJob, job.pk, **fields)
    # A file kept for its user may name the person beyond the rows its report shows.
    waiting = ImportJob.objects.filter(unit_id=compatriot.unit_id, status__in=ImportJob.KEEPS_FILE)
    for job in waiting.defer("content"):
        if _kept_file_names(job, name, kept_files):
            job_update(ImportJob, job.pk, report=job.report, **_refusal_for_erasure(job, job.report))
    # A list of contributions names its donors in its cells: a job whose report quotes the person,
    # or whose kept file names them, loses the values read from it and its file, and is refused.
    gifts = ContributionImportJob.objects.filter(unit_id=compatriot.unit_id).exclude(status=ContributionImportJob.DONE)
    for gift_job in gifts.defer("content"):
        read = {key: gift_job.report.get(key) for key in ContributionImportJob.PERSONAL_REPORT_KEYS}
        kept = gift_job.status in ContributionImportJob.KEEPS_FILE and _kept_file_names(gift_job, name, kept_files)
        if quotes(json.dumps(read, ensure_ascii=False)) or kept:
            report = scrub_report(ContributionImportJob, gift_job.report)
            job_update(ContributionImportJob, gift_job.pk, report=report, **_refusal_for_erasure(gift_job, report))


def _kept_file_names(job: ImportJob | ContributionImportJob, name: str, kept_files: KeptFiles) -> bool:
    """Whether a job's kept file names the person: as read before the erasure, else read now."""
    key = (type(job), job.pk)
    return key in kept_files.naming or (key not in kept_files.read and _file_names(job, {name}))


def _file_names(job: ImportJob | ContributionImportJob, folded_names: set[str]) -> bool:
    """Whether a cell of the job's kept file holds one of ``folded_names`` (a file that no longer
    reads counts as naming them: it cannot be checked, so it must not be imported)."""
    try:
        _header, rows = read_table(bytes(job.content), job.filename)
    except (ImportRefused, ValueError):
        return True
    return any(fold(str(cell)) in folded_names for row in rows for cell in row if cell not in (None, ""))


def _refusal_for_erasure(job: ImportJob | ContributionImportJob, report: dict) -> dict:
    """Fields that refuse ``job`` and drop its file, with the reason in the uploader's language."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        report["refused"] = _(
            "A person in this file was erased on request; the file was deleted so that they are not "
            "imported again. Upload the file again without them."
        )
    return {"status": ImportJob.Status.FAILED, "content": b"", "finished": timezone.now()}


def _scrub_log(instance, *, redact=lambda snapshot: snapshot) -> None:
    """Rewrite ``instance``'s change-log entries without the erased values and under its new name."""
    ct = ContentType.objects.get_for_model(type(instance))
    name = str(instance)[:255]
    for change in ObjectChange.objects.filter(content_type=ct, object_id=str(instance.pk)):
        before, after = redact(change.before), redact(change.after)
        if before != change.before or after != change.after or change.object_repr != name:
            # The audit queryset refuses updates; erasure is the one lawful exception.
            models.QuerySet.update(
                ObjectChange.objects.filter(pk=change.pk), before=before, after=after, object_repr=name
            )


#: Fields copied from the duplicate into the kept record where the kept one is empty.
MERGE_FILLABLE = (
    "name_original",
    "sex",
    "birth_year",
    "birth_date",
    "home_unit",
    "city",
    "resident_since",
    "occupation",
    "organisation",
    "email",
    "phone",
    "other_contacts",
    "languages",
)


@transaction.atomic
def compatriot_merge(*, actor, kept: Compatriot, duplicate: Compatriot) -> MergeRecord:
    """Fold ``duplicate`` into ``kept``: its contributions move over, its blanks fill ``kept``'s.

    The duplicate is soft-deleted with ``merged_into`` set, so its history stays and the merge
    can be undone with ``merge_undo``.
    """
    if kept.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    if kept.erased_at or duplicate.erased_at:
        raise ValidationError(_("An erased person cannot be merged."))
    filled = []
    for name in MERGE_FILLABLE:
        attname = _concrete_field(name).attname
        if getattr(kept, attname) in (None, "") and getattr(duplicate, attname) not in (None, ""):
            setattr(kept, attname, getattr(duplicate, attname))
            filled.append(name)
    if filled:
        kept.save()
    moved = list(Contribution.objects.filter(compatriot=duplicate).values_list("pk", flat=True))
    _check_merge_keeps_donors_in_reach(kept=kept, contributions=Contribution.objects.filter(pk__in=moved))
    for gift in Contribution.objects.filter(pk__in=moved):
        gift.compatriot = kept
        gift.save()
    duplicate.merged_into = kept
    duplicate.save()
    duplicate.delete()
    record = MergeRecord.objects.create(
        unit_id=kept.unit_id, kept=kept, merged=duplicate, moved_contributions=moved, filled_fields=filled
    )
    event_record(instance=kept, event="diaspora.merged", data={"merged": duplicate.pk, "moved": moved})
    return record


@transaction.atomic
def merge_undo(*, actor, merge: MergeRecord) -> Compatriot:
    """Restore the duplicate, give its contributions back and empty the fields the merge filled."""
    if merge.undone_at:
        raise ValidationError(_("This merge has already been undone."))
    kept = Compatriot.all_objects.get(pk=merge.kept_id)
    duplicate = Compatriot.all_objects.get(pk=merge.merged_id)
    if kept.erased_at or duplicate.erased_at:
        raise ValidationError(_("The merge of an erased person cannot be undone."))
    for name in merge.filled_fields:
        f = _concrete_field(name)
        setattr(kept, f.attname, None if f.null else "")
    if merge.filled_fields:
        kept.save()
    for gift in Contribution.objects.filter(pk__in=merge.moved_contributions):
        gift.compatriot = duplicate
        gift.save()
    duplicate.deleted_at = None
    duplicate.merged_into = None
    duplicate.save()
    merge.undone_at = timezone.now()
    merge.save()
    event_record(instance=kept, event="diaspora.merge_undone", data={"merged": duplicate.pk})
    return duplicate


def _check_donor_reach(*, unit, compatriot, organisation, reach: set[int] | None = None) -> None:
    """The donor must belong to the receiving unit's subtree (or to a unit merged into it): a
    contribution recorded by one union naming a person another union holds would show that
    person to the first union's staff."""
    if unit is None:
        return
    reach = unit_descendant_ids(unit) if reach is None else reach
    errors = {}
    if compatriot is not None and compatriot.unit_id not in reach:
        errors["compatriot"] = _(
            "This compatriot is recorded by a unit outside the receiving unit; record the contribution there."
        )
    if organisation is not None and organisation.unit_id not in reach:
        errors["organisation"] = _(
            "This association is recorded by a unit outside the receiving unit; record the contribution there."
        )
    if errors:
        raise ValidationError(errors)


def _check_merge_keeps_donors_in_reach(*, kept: Compatriot, contributions) -> None:
    """A merge moves the duplicate's contributions to ``kept``; each must still name a person its
    receiving unit holds (as ``_check_donor_reach`` demands of a contribution recorded directly)."""
    receiving = Unit.objects.filter(pk__in=contributions.values("unit_id"))
    outside = [unit for unit in receiving if kept.unit_id not in unit_descendant_ids(unit)]
    if outside:
        raise ValidationError(
            {
                "kept": _(
                    "%(units)s received contributions from the duplicate but does not hold the record kept; "
                    "keep the other record instead."
                )
                % {"units": ", ".join(sorted(str(unit) for unit in outside))}
            }
        )


def contribution_check(
    *, contribution: Contribution, reach: set[int] | None = None, fetched: tuple[str, ...] = ()
) -> None:
    """The rules a contribution is recorded by, whoever records it (the screens through the services
    below, the import row by row): the donor within the receiving unit, then the model's own checks.
    A caller checking many rows passes the receiving unit's ``reach`` (``unit_descendant_ids``) and
    names the relations it ``fetched`` from the database itself, whose existence is not asked again."""
    _check_donor_reach(
        unit=contribution.unit, compatriot=contribution.compatriot, organisation=contribution.organisation, reach=reach
    )
    contribution.full_clean(exclude=list(fetched) or None)


@transaction.atomic
def contribution_create(*, actor, data: dict) -> Contribution:
    _check_donor_reach(unit=data.get("unit"), compatriot=data.get("compatriot"), organisation=data.get("organisation"))
    return model_create(model=Contribution, data=data, actor=actor)


@transaction.atomic
def contribution_update(
    *, actor, instance: Contribution, data: dict, expected_version: int | None = None
) -> Contribution:
    def value(name):
        return data[name] if name in data else getattr(instance, name)

    _check_donor_reach(unit=value("unit"), compatriot=value("compatriot"), organisation=value("organisation"))
    return model_update(instance=instance, data=data, actor=actor, expected_version=expected_version)


@transaction.atomic
def remittance_create(*, actor, data: dict) -> RemittanceStat:
    return model_create(model=RemittanceStat, data=data, actor=actor)


def duplicate_scan_request(*, actor) -> DuplicateScan:
    """A new duplicate search for ``actor``, unless one of theirs still waits or runs (a second
    click shows the same search). The caller queues ``tasks.scan_duplicates`` for it."""
    latest = duplicate_scan_latest(user=actor)
    if latest is not None and latest.running and not duplicate_scan_stalled(latest):
        return latest
    return DuplicateScan.objects.create(user=actor)
