"""The registers' downloads: the shared CSV/XLSX export of ``web.exports`` (formula guard of cores.cells)."""

from __future__ import annotations

from web.exports import FORMATS, ExportMixin, cell, export_response

neutralise = cell

__all__ = ["FORMATS", "ExportMixin", "export_response", "neutralise"]
