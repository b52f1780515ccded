"""The editorial roles, by name: one place for the group names code and tests refer to.

The groups themselves, and what each may do, are created by the data migration
``editorial/migrations/0002_roles.py``; after that they are edited in the admin
(Settings > Groups), so nothing here re-applies permissions at runtime.
"""

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
ADMINISTRATORS = "Administrators"
# Created by the comments app's own data migration; editorial only names it.
COMMENT_MODERATORS = "Comment moderators"

MEDICAL_REVIEW_WORKFLOW = "Medical review"
MEDICAL_REVIEW_TASK = "Medical reviewer approval"
