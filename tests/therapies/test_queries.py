"""Query budgets: profile, directory, compare and condition pages do not grow with content.

Each page is rendered with 1 and with 30 approvals, centres, trials, conditions
and linked articles per profile, under the same budget.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.factories import ArticlePageFactory
from caching.keys import page_key
from caching.stamps import changed
from tests.therapies.conftest import linking_to
from therapies.choices import Modality
from therapies.factories import (
    ClinicalTrialFactory,
    ConditionFactory,
    TherapyApprovalFactory,
    TherapyPageFactory,
    TreatmentCentreFactory,
)
from therapies.models import Condition, TherapyPage

pytestmark = pytest.mark.django_db

PROFILE_BUDGET = 28
# The first request after the profile (or anything it shows) changed renders it afresh.
PROFILE_EDITED_BUDGET = 26
DIRECTORY_BUDGET = 13
COMPARE_BUDGET = 7
CONDITION_BUDGET = 6

FACET_QUERIES = [
    "",
    "modality=gene-addition",
    "condition=condition-0&status=approved",
    "region=europe&region=north-america&vector=aav&aim=replace",
    "modality=gene-addition&aim=replace&vector=aav&condition=condition-0"
    "&status=approved&region=europe&page=2",
    "modality=bogus&condition=nope",
]


@pytest.fixture
def build(therapy_index, article_index):
    """``build(n)``: profiles each with n of every related row, plus n linking articles."""

    def _build(n, therapies=2, articles=True):
        conditions = [
            ConditionFactory(name=f"Condition {i}", slug=f"condition-{i}") for i in range(n)
        ]
        profiles = []
        for t in range(therapies):
            therapy = TherapyPageFactory(
                parent=therapy_index,
                title=f"Therapy {t}",
                slug=f"therapy-{t}",
                modality=Modality.GENE_ADDITION,
                conditions=conditions,
            )
            for i in range(n):
                TherapyApprovalFactory(page=therapy, regulator=["FDA", "EMA"][i % 2])
                TreatmentCentreFactory(page=therapy, country=["Spain", "Japan"][i % 2])
                ClinicalTrialFactory(page=therapy)
            profiles.append(therapy)
        for i in range(n if articles else 0):
            if i % 2:
                ArticlePageFactory(parent=article_index, therapies=profiles)
            else:
                ArticlePageFactory(parent=article_index, body=linking_to(*profiles))
        return profiles

    return _build


def count_queries(client, url):
    # Warm what is cached: the first request on a new site also creates its settings
    # rows, which refreshes what was cached before (see get_within_budget).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("n", [1, 30])
def test_profile_budget(client, build, n, get_within_budget, django_assert_max_num_queries):
    therapy = build(n)[0]
    response = get_within_budget(therapy.url, PROFILE_BUDGET)
    assert response.content.count(b'href="https://clinicaltrials.gov/study/') == n
    changed(page_key(therapy.pk))  # as publishing it does: its rendered parts are rebuilt
    with django_assert_max_num_queries(PROFILE_EDITED_BUDGET):
        response = client.get(therapy.url)
    assert response.content.count(b'href="https://clinicaltrials.gov/study/') == n


@pytest.mark.parametrize("n", [1, 30])
def test_directory_budget(client, build, therapy_index, n, django_assert_max_num_queries):
    build(n, therapies=n, articles=False)  # articles are not on the directory
    for query in FACET_QUERIES:
        client.get(f"{therapy_index.url}?{query}")
        with django_assert_max_num_queries(DIRECTORY_BUDGET):
            assert client.get(f"{therapy_index.url}?{query}").status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_compare_budget(client, build, therapy_index, n, django_assert_max_num_queries):
    build(n, therapies=4)
    url = f"{therapy_index.url}compare/?t=therapy-0&t=therapy-1&t=therapy-2&t=therapy-3&t=ghost"
    client.get(url)
    with django_assert_max_num_queries(COMPARE_BUDGET):
        response = client.get(url)
    assert response.content.count(b'href="https://clinicaltrials.gov/study/') == 4 * n


@pytest.mark.parametrize("n", [1, 30])
def test_condition_page_budget(client, build, n, django_assert_max_num_queries):
    build(n, therapies=3)
    client.get("/conditions/condition-0/")
    with django_assert_max_num_queries(CONDITION_BUDGET):
        assert client.get("/conditions/condition-0/").status_code == 200


def test_query_counts_do_not_grow(client, build, therapy_index):
    """The stricter form: the exact count is the same at 1 and at 30 rows."""
    counts = {}
    for n in (1, 30):
        for page in TherapyPage.objects.all():
            page.delete()
        Condition.objects.all().delete()
        profiles = build(n, therapies=2)
        counts[n] = [
            count_queries(client, profiles[0].url),
            count_queries(client, f"{therapy_index.url}?condition=condition-0&region=europe"),
            count_queries(client, f"{therapy_index.url}compare/?t=therapy-0&t=therapy-1"),
            count_queries(client, "/conditions/condition-0/"),
        ]
    assert counts[1] == counts[30]
