"""Accounts: people, their roles and their consent records."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "itda.accounts"
    label = "accounts"
    verbose_name = _("계정")
