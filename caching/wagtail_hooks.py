from wagtail import hooks

from .declared import collecting_now, show
from .pages import page_keys


@hooks.register("before_serve_page")
def declare_what_the_page_shows(page, request, serve_args, serve_kwargs):
    """Every page served to a reader the page cache may keep declares its keys."""
    if collecting_now():
        show(*page_keys(page))
