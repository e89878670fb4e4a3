"""Settings split: base (shared), dev, test, prod. manage.py defaults to dev."""
