"""The library's order (newest first, then title) as an index.

Search reads sources in this order and stops at its limit: for a word in a
fifth of all titles that is a few hundred index entries, not a sort of every
match.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0002_trigram_search_indexes'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='source',
            index=models.Index(fields=['-year', 'title'], name='sources_library_order'),
        ),
    ]
