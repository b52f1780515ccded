"""``manage.py generate_scale_data``: a large, realistic data set (see bench/scale_data.py)."""

from django.core.management.base import BaseCommand

from bench.scale_data import ScaleData, Sizes


class Command(BaseCommand):
    help = (
        "Bulk-insert articles, therapy profiles, sources and comments for scale tests. "
        "Runs in one transaction; the same --seed gives the same data."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        parser.add_argument("--articles", type=int, default=defaults.articles)
        parser.add_argument("--therapies", type=int, default=defaults.therapies)
        parser.add_argument("--sources", type=int, default=defaults.sources)
        parser.add_argument("--comments", type=int, default=defaults.comments)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Skip the search index (run `manage.py update_index` afterwards).",
        )

    def handle(self, *args, **options):
        sizes = Sizes(
            articles=options["articles"],
            therapies=options["therapies"],
            sources=options["sources"],
            comments=options["comments"],
            seed=options["seed"],
            batch_size=max(1, options["batch_size"]),
            index=not options["no_index"],
        )
        report = ScaleData(sizes, log=self.stdout.write).run()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Scale data is ready."))
