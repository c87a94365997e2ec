"""Request-bound code: error pages, headers, template helpers, the shared edge of every
page route, and the case page rendering."""
