from django.apps import AppConfig


class BodyConfig(AppConfig):
    """The body of a piece: the blocks articles and therapy profiles are written in.

    It sits above ``sources`` (a key figure cites a source) and below the apps whose
    pages have a body, so ``helix`` needs no app to offer them.
    """

    name = "body"
    verbose_name = "Body blocks"
