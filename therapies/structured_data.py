"""schema.org ``MedicalTherapy`` data for a therapy profile (JSON-LD in the page head)."""

from django.http import HttpRequest

from helix.links import absolute_url


def therapy_structured_data(
    therapy, request: HttpRequest | None, *, conditions, approvals, trials
) -> dict:
    """Build the JSON-LD from rows the page has already loaded (no extra queries).

    Conditions are stated with ``@reverse possibleTreatment``: schema.org links a
    condition to its treatments, not a therapy to its indications.
    """
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalTherapy",
        "name": therapy.title,
        "description": therapy.search_description or therapy.summary,
        "url": absolute_url(therapy.url, request),
    }
    if therapy.alias_list:
        data["alternateName"] = therapy.alias_list
    if conditions:
        data["@reverse"] = {
            "possibleTreatment": [
                {
                    "@type": "MedicalCondition",
                    "name": condition.name,
                    "url": absolute_url(condition.get_absolute_url(), request),
                }
                for condition in conditions
            ]
        }
    if approvals:
        data["legalStatus"] = [
            " ".join(
                part
                for part in (
                    approval.product_name,
                    f"{approval.get_status_display()} by {approval.regulator}",
                    f"on {approval.date.isoformat()}" if approval.date else "",
                )
                if part
            )
            for approval in approvals
        ]
    if trials:
        data["study"] = [
            {
                "@type": "MedicalTrial",
                "identifier": trial.nct_number,
                "name": trial.title or trial.nct_number,
                "url": trial.registry_url,
            }
            for trial in trials
        ]
    if therapy.last_published_at:
        data["dateModified"] = therapy.last_published_at.isoformat()
    return data
