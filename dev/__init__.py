"""Development tools, never imported by the addon itself."""
