from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark tooling; an app only so that ``manage.py generate_scale_data`` exists."""

    name = "bench"
    verbose_name = "Benchmarks"
