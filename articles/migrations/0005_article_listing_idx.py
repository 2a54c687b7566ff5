"""The listing index also holds the primary category: a category-filtered list or feed is checked in
the index, without reading each article's row (with its bodies) to find its primary category."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_comments_premoderated")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_status_pub_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-published_at", "-id", "primary_category"], name="article_listing_idx"),
        ),
    ]
