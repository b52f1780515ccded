from django.apps import AppConfig


class SeoConfig(AppConfig):
    """What search engines and other programs read: sitemap, robots.txt, metadata, JSON-LD."""

    name = "seo"
    verbose_name = "SEO"
