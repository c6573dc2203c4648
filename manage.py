#!/usr/bin/env python
"""Kept for tools that expect it; operators use the `salkku` command."""

from config.cli import main

if __name__ == "__main__":
    main()
