"""The hand-written alternative: Stalin's proposed line across Hokkaido, as an analyst would draw it.

A plain geopandas + shapely + folium script with the libraries' defaults, drawing only the
Hokkaido proposal: the island, its part north of the straight Kushiro–Rumoi line, the line and
the two towns. The bench runs it as a fresh process, like ``geoarchive build``:

    python bench/peer/hokkaido.py COUNTRIES_10M_JSON OUT_HTML
"""

import sys

import folium
import geopandas as gpd
from shapely.geometry import LineString, Point
from shapely.ops import split, unary_union

countries_file, out_file = sys.argv[1], sys.argv[2]

# Natural Earth 1:10m countries (the world-atlas TopoJSON)
world = gpd.read_file(countries_file, layer="countries")
japan = world[world["name"] == "Japan"].explode(index_parts=False)

# Hokkaido is the island of Japan that contains Sapporo
hokkaido = japan[japan.contains(Point(141.354, 43.062))].geometry.iloc[0]

# the demarcation line from Kushiro to Rumoi, drawn on past both coasts so that it cuts the island
kushiro, rumoi = (144.383, 42.983), (141.637, 43.941)
dx, dy = rumoi[0] - kushiro[0], rumoi[1] - kushiro[1]
cut = LineString([(kushiro[0] - dx, kushiro[1] - dy), (rumoi[0] + dx, rumoi[1] + dy)])


def is_north(piece):
    p = piece.representative_point()
    return dx * (p.y - kushiro[1]) - dy * (p.x - kushiro[0]) < 0  # right of Kushiro→Rumoi (heading west)


north = unary_union([piece for piece in split(hokkaido, cut).geoms if is_north(piece)])

m = folium.Map(location=[43.5, 142.8], zoom_start=7)
folium.GeoJson(gpd.GeoSeries([hokkaido], crs="EPSG:4326"), name="Hokkaido").add_to(m)
folium.GeoJson(
    gpd.GeoDataFrame({"name": ["Northern half of Hokkaido"]}, geometry=[north], crs="EPSG:4326"),
    name="Proposed Soviet zone",
    style_function=lambda feature: {"color": "red", "fillColor": "red"},
    tooltip="Northern half of Hokkaido",
).add_to(m)
folium.PolyLine([(kushiro[1], kushiro[0]), (rumoi[1], rumoi[0])], color="black", tooltip="Kushiro–Rumoi").add_to(m)
folium.Marker([kushiro[1], kushiro[0]], popup="Kushiro").add_to(m)
folium.Marker([rumoi[1], rumoi[0]], popup="Rumoi").add_to(m)
folium.LayerControl().add_to(m)
m.save(out_file)
