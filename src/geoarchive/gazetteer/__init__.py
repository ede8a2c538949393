"""The gazetteer: historical place names and their variants, resolved to geometries.

>>> from geoarchive.gazetteer import Gazetteer
>>> g = Gazetteer.load()
>>> g.get("kushiro").title
'Kushiro'
>>> g.ancestors("kushiro")
['hokkaido', 'japan']
"""

from .gazetteer import Gazetteer
from .normalize import normalize
from .records import Name, Period, Place
from .resolve import Candidate, Resolution, Resolver

__all__ = ["Gazetteer", "Place", "Name", "Period", "Resolver", "Resolution", "Candidate", "normalize"]
