"""The moderation queue's index: one status, newest first, in the listing's order."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reader_comments', '0002_comment_moderators_group'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['status', '-created', '-id'], name='comment_queue_idx'),
        ),
    ]
