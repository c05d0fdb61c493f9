"""Analysis over stored cables: ranked search (``search``), references, timelines, graphs,
diffs and redactions. The query language itself is ``cablescope.query``."""
