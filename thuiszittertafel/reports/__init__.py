"""Reports: the thuiszitter report per municipality and school year, its charts and exports."""
