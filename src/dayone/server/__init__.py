"""The dayone web server: a Django project with one app per mechanism plus ``core``."""
