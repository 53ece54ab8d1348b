"""Django's format modules (``FORMAT_MODULE_PATH``), derived from ``amity.core.formatting``."""
