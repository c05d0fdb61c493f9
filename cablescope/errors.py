"""The one exception tree of cablescope.

    CablescopeError                 every error cablescope raises on purpose
    ├── InputError                  a file or row cannot be read as a cable
    │   ├── UnknownFormat           no reader recognises the bytes
    │   ├── NotACable               the format is known but holds no cable
    │   └── UnsafeArchive           path traversal, links, absurd expansion
    ├── OverBudget                  an input takes longer or is larger than reading allows
    ├── StoreError                  the database cannot be opened or written
    ├── QueryError                  a search query cannot be parsed
    ├── CompareError                two sources of a cable cannot be compared
    ├── EntityError                 no such entity, or entities not resolved yet
    ├── Interrupted                 Ctrl-C: the work stopped, what was saved is said
    └── MissingExtra                an optional dependency is not installed

The CLI turns any of these into one line on stderr; readers turn InputError
into a Problem record and go on with the next file or row. OverBudget is not an
InputError so that no reader mistakes it for a fault of one row: it ends the
reading of the whole input, and the pipeline records it as a Problem.
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


class QueryError(CablescopeError):
    """A search query cannot be parsed."""


class CompareError(CablescopeError):
    """Two sources of a cable cannot be compared: it has one, or a name fits none or several."""


class EntityError(CablescopeError):
    """An entity named on the command line is unknown or ambiguous, or the store's entities
    have not been resolved."""


class MissingExtra(CablescopeError):
    """An optional dependency is not installed; the message names the install command."""


class Interrupted(CablescopeError):
    """The user interrupted a long command (Ctrl-C); the message says what was saved. The
    CLI prints it and exits 130."""
