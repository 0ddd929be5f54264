"""Config: a dict with attribute access that can be frozen."""

import json

_FROZEN_MESSAGE = (
    "Cannot change the Config: it is frozen. Call `config.unfreeze()` first, or make a "
    "copy with `Config(**config.as_dict())`."
)


class Config:
    """A dict-like container whose entries are also attributes; ``freeze()`` locks it.

    Args:
        **kwargs: the initial entries.

    Example:
    >>> config = Config(learning_rate=0.1)
    >>> config.momentum = 0.9
    >>> config["nesterov"] = True
    >>> config.freeze()
    >>> sorted(config.keys()), config.is_frozen
    (['learning_rate', 'momentum', 'nesterov'], True)
    """

    __module__ = "kbackend.utils"

    def __init__(self, **kwargs):
        object.__setattr__(self, "_config", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    @property
    def is_frozen(self):
        """Whether the config refuses changes."""
        return self._frozen

    def freeze(self):
        """Makes the config read-only."""
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self):
        """Makes the config writable again."""
        object.__setattr__(self, "_frozen", False)

    def _check_writable(self):
        if self._frozen:
            raise AttributeError(_FROZEN_MESSAGE)

    def __getattr__(self, name):
        if name.startswith("__") or name in ("_config", "_frozen"):
            raise AttributeError(name)
        try:
            return self._config[name]
        except KeyError:
            raise AttributeError(
                f"Config has no entry {name!r}; it has {sorted(self._config)}."
            ) from None

    def __setattr__(self, name, value):
        self._check_writable()
        self._config[name] = value

    def __delattr__(self, name):
        self._check_writable()
        try:
            del self._config[name]
        except KeyError:
            raise AttributeError(f"Config has no entry {name!r}.") from None

    def __getitem__(self, key):
        return self._config[key]

    def __setitem__(self, key, value):
        self._check_writable()
        self._config[key] = value

    def __delitem__(self, key):
        self._check_writable()
        del self._config[key]

    def __contains__(self, key):
        return key in self._config

    def __iter__(self):
        return iter(self._config)

    def __len__(self):
        return len(self._config)

    def __eq__(self, other):
        if isinstance(other, Config):
            other = other._config
        return self._config == other

    __hash__ = None

    def __repr__(self):
        return f"<Config {self._config!r}>"

    def keys(self):
        return self._config.keys()

    def values(self):
        return self._config.values()

    def items(self):
        return self._config.items()

    def get(self, key, default=None):
        return self._config.get(key, default)

    def pop(self, *args):
        self._check_writable()
        return self._config.pop(*args)

    def setdefault(self, key, default=None):
        if key not in self._config:
            self._check_writable()
        return self._config.setdefault(key, default)

    def update(self, *args, **kwargs):
        self._check_writable()
        self._config.update(*args, **kwargs)

    def clear(self):
        self._check_writable()
        self._config.clear()

    def as_dict(self):
        """Returns a shallow copy of the entries as a plain dict."""
        return dict(self._config)

    def to_json(self):
        """Returns the entries as a JSON string."""
        return json.dumps(self._config)
