"""The open-data catalog, the data dictionary and the API page."""

from __future__ import annotations

from typing import Any

from terbuka.core.schema import COLUMN_MAP, export_extras, load_schema
from terbuka.core.settings import TerbukaSettings
from terbuka.core.urls import URLS
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import CatalogContext

MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def _dataset_ld(dataset: dict[str, Any], site: TerbukaSettings) -> dict[str, Any]:
    """schema.org Dataset, for dataset search engines and open-data portals."""
    years = dataset["years"]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{dataset['title']} – {site.region}",
        "description": dataset["description"],
        "url": f"{site.site_url}/{URLS.dataset(dataset['name'])}",
        "license": site.license["path"],
        "isAccessibleForFree": True,
        "publisher": {"@type": "GovernmentOrganization", "name": site.author},
        "spatialCoverage": {"@type": "Place", "name": site.region},
        **({"temporalCoverage": f"{years[0]}/{years[1]}"} if years else {}),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": MEDIA_TYPES[f["path"].rsplit(".", 1)[1]],
                "contentUrl": f"{site.site_url}/{f['path']}",
                "contentSize": f"{f['bytes']} B",
            }
            for f in dataset["files"]
        ],
    }


def _export_columns(catalog: dict[str, Any]) -> dict[str, Any]:
    """What a SIPD export may carry beyond the published files, for the clerk:
    its extra columns, and the belanja file's columns where no export had accounts."""
    published = {d["name"] for d in catalog["datasets"]}
    belanja = load_schema("belanja").descriptor
    return {
        "extras": export_extras(),
        "belanja": None if "belanja" in published else belanja,
        "column_map": load_schema(COLUMN_MAP).descriptor,
    }


def catalog_pages(catalog: dict[str, Any], site: TerbukaSettings) -> list[Page]:
    data_crumb = ("Data terbuka", URLS.catalog())
    pages = [
        Page(
            URLS.catalog(),
            "catalog",
            CatalogContext(
                catalog=catalog,
                jsonld={
                    "@context": "https://schema.org",
                    "@type": "DataCatalog",
                    "name": f"Data terbuka {site.site_name}",
                    "url": f"{site.site_url}/{URLS.catalog()}",
                    "dataset": [_dataset_ld(d, site) for d in catalog["datasets"]],
                },
                breadcrumbs=[HOME, (data_crumb[0], None)],
            ),
        ),
        Page(
            URLS.dictionary(),
            "dictionary",
            CatalogContext(
                catalog=catalog,
                export=_export_columns(catalog),
                breadcrumbs=[HOME, data_crumb, ("Kamus data", None)],
            ),
        ),
        Page(
            URLS.api_page(),
            "api",
            CatalogContext(catalog=catalog, breadcrumbs=[HOME, data_crumb, ("API JSON", None)]),
        ),
    ]
    for dataset in catalog["datasets"]:
        pages.append(
            Page(
                URLS.dataset(dataset["name"]),
                "dataset",
                CatalogContext(
                    catalog=catalog,
                    dataset=dataset,
                    jsonld=_dataset_ld(dataset, site),
                    breadcrumbs=[HOME, data_crumb, (dataset["title"], None)],
                ),
            )
        )
    return pages
