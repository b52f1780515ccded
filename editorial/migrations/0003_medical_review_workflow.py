"""Create the "Medical review" workflow and put every page under it.

One task, "Medical reviewer approval" (``MedicalReviewTask``), approved by the
Medical reviewers group. The workflow is assigned to the root page, for the
same reason as the page permissions in 0002: the Articles and Therapies index
pages do not exist yet when migrations run, and a workflow on the root covers
them, whenever they are created, with no further step. This replaces Wagtail's
default "Moderators approval" workflow on the root (that workflow is left in
place, unassigned, so nothing an administrator built on it is lost).

Idempotent: a second run finds the task and the workflow by name.
"""

from django.db import migrations

WORKFLOW = "Medical review"
TASK = "Medical reviewer approval"
REVIEWERS = "Medical reviewers"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    MedicalReviewTask = apps.get_model("editorial.MedicalReviewTask")

    task_type, _created = ContentType.objects.get_or_create(
        app_label="editorial", model="medicalreviewtask"
    )
    task = MedicalReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=TASK, content_type=task_type, active=True)
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS)
    task.groups.add(reviewers)

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
