"""Domain rules in plain Python: both the CLI and the GUI call these, never Qt."""


class ServiceError(Exception):
    """A request that cannot be done; the message is a sentence for the user."""


class NotFound(ServiceError):
    pass


class Ambiguous(ServiceError):
    pass
