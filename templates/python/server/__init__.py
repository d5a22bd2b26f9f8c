"""The app's server package. Keep __version__ equal to the version in pyproject.toml."""

__version__ = "0.1.0"
