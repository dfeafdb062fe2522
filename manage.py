#!/usr/bin/env python
"""Development entry point; the installed console script ``townsquare`` does the same."""

from townsquare.cli import main

if __name__ == "__main__":
    main()
