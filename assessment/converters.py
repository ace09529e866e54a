class TokenConverter:
    """A private-link token: URL-safe base64 from `secrets.token_urlsafe`."""

    regex = "[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
