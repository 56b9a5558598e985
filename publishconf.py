"""Settings of the public site (``make publish``): the preview settings plus
absolute URLs and feeds."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

# The address the site is served from; change it to the city's real one.
SITEURL = "https://terbuka.madiunkota.go.id"
RELATIVE_URLS = False
TERBUKA_LINK_INDEX_HTML = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "berita/atom.xml"

# Where `make publish` puts the site: a local folder (the web server serves
# <folder>/aktif) or an rsync target such as "web@server:/srv/terbuka".
TERBUKA_DEPLOY_TARGET = ""
