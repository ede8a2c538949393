"""geoarchive: turn archival documents into trustworthy, interactive historical maps.

>>> import geoarchive
>>> geoarchive.Gazetteer.load().resolve_one("Rumoe [sic]").place_id
'rumoi'
"""

from .errors import GeoarchiveError
from .gazetteer import Gazetteer

__version__ = "0.1.0"
__all__ = ["Gazetteer", "GeoarchiveError", "__version__"]
