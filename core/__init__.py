"""What every app may use: caching, live events, ids, images, markup, pagination, rate
limits and the request guards. It imports none of the apps above it (import-linter)."""
