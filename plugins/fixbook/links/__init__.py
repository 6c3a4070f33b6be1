"""Links of the built handbook: the external links report and the offline (no network) check.

``references`` reads the URLs an HTML document points at; ``report`` turns the external ones into
the report page that the ``external-links`` MkDocs plugin (``plugin``) adds to the site, and
``remote_assets`` finds references a browser would fetch from another host (which an offline
reader cannot load).
"""
