"""The one exception tree of cablescope.

    CablescopeError                 every error cablescope raises on purpose
    ├── InputError                  a file or row cannot be read as a cable
    │   ├── UnknownFormat           no reader recognises the bytes
    │   ├── NotACable               the format is known but holds no cable
    │   └── UnsafeArchive           path traversal, links, absurd expansion
    ├── OverBudget                  reading one input took longer or was larger than allowed
    ├── StoreError                  the database cannot be opened or written
    │   └── StoreBusy               another process holds the database's write lock
    ├── QueryError                  a search query cannot be parsed
    ├── CompareError                two sources of a cable cannot be compared
    ├── EntityError                 a curation or entity request that cannot be done
    │   ├── EntityNotFound          no entity has that id or name
    │   └── EntitiesNotResolved     the database's entities were never resolved
    ├── TaggerError                 a tagger cannot be found, built or run
    │   ├── UnknownTagger           no tagger has that name
    │   └── TaggerUnavailable       what the tagger needs is not installed
    ├── WebError                    an HTTP request that cannot be answered (status, code)
    ├── Interrupted                 Ctrl-C: the work stopped, what was saved is said
    └── MissingExtra                an optional dependency is not installed

The CLI turns any of these into one line on stderr; readers turn InputError
into a Problem record and go on with the next file or row; the API answers each with
the status its class maps to (web/errors.py), never by reading its message.
"""


class CablescopeError(Exception):
    """Base of every error cablescope raises on purpose."""


class InputError(CablescopeError):
    """A file or row cannot be read as a cable."""


class UnknownFormat(InputError):
    """No reader recognises the bytes."""


class NotACable(InputError):
    """The format is known but the content holds no cable."""


class UnsafeArchive(InputError):
    """An archive member escapes its target or expands absurdly."""


class OverBudget(CablescopeError):
    """An input takes longer to read, or is larger, than the reading budget allows."""


class StoreError(CablescopeError):
    """The database cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another process holds the database's write lock for longer than the wait allowed."""


class QueryError(CablescopeError):
    """A search query cannot be parsed."""


class CompareError(CablescopeError):
    """Two sources of a cable cannot be compared: it has one, or a name fits none or several."""


class EntityError(CablescopeError):
    """An entity named on the command line is unknown or ambiguous, or the store's entities
    have not been resolved."""


class EntityNotFound(EntityError):
    """No entity has the id or name asked for."""


class EntitiesNotResolved(EntityError):
    """The database's entities have never been resolved (`cablescope resolve`)."""


class TaggerError(CablescopeError):
    """A tagger cannot be found, built or run."""


class UnknownTagger(TaggerError):
    """No tagger has the name asked for."""


class TaggerUnavailable(TaggerError):
    """The tagger exists but what it needs (a package, a pipeline) is not installed."""


class WebError(CablescopeError):
    """An HTTP request that cannot be answered: its ``status`` and a short machine-readable
    ``code`` go into the API's one error shape."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class MissingExtra(CablescopeError):
    """An optional dependency is not installed; the message names the install command."""


class Interrupted(CablescopeError):
    """The user interrupted a long command (Ctrl-C); the message says what was saved. The
    CLI prints it and exits 130."""
