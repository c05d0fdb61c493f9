"""Analysis over stored cables: query parsing (``query``) and ranked search (``search``)."""
