#!/usr/bin/env python
"""Django's command-line utility for SSC Reports."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssc_reports.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loading the settings checks them
    except ImproperlyConfigured as error:
        sys.exit(f"Error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
