"""The one error type the core raises for bad input."""


class ConfigError(ValueError):
    """Invalid configuration or input: the message names the field and what is allowed."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")
