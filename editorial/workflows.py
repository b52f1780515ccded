"""What happens when a workflow finishes: publish the approved revision.

Wagtail's default finishing action publishes as the approving user and so
requires that user to hold the "publish" page permission. Medical reviewers
deliberately lack it (with it they could publish without any review), so
Helix's finishing action treats the completed workflow itself as the
authority: every task in it was approved by someone allowed to approve it.
Configured by ``WAGTAIL_FINISH_WORKFLOW_ACTION`` in settings.
"""


# Imported by wagtail.models while it loads: no model imports at module level.
def publish_approved(workflow_state, user=None) -> None:
    """Publish (or schedule, when ``go_live_at`` is ahead) the latest revision."""
    obj = workflow_state.content_object
    # The approval may have just saved a revision (the review stamp): reload the pointer.
    obj.refresh_from_db(fields=["latest_revision"])
    revision = obj.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
