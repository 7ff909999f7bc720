from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.apps import apps
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import config.converters  # noqa: F401  (registers the <id:…> converter)
from config.health import health

# The split view serves its script as a file, so the docs run under the CSP; Swagger UI sets
# inline styles, allowed on this page only (scripts stay our own).
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

api_v1 = [
    path("", include("curriculum.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("planner.api.urls")),
]
if apps.is_installed("benchmarks"):
    # GET /api/v1/ping/, the benchmarks' throughput floor: never in the product's settings.
    api_v1.append(path("", include("benchmarks.ping")))

handler400 = "config.error_pages.bad_request"
handler404 = "config.error_pages.not_found"
handler500 = "config.error_pages.server_error"

urlpatterns = [
    path("healthz/", health, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("accounts/", include("accounts.urls")),
    path("", include("planner.urls")),
]
