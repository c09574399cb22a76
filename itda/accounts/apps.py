"""Accounts: people, their roles and their consent records."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "itda.accounts"
    label = "accounts"
    verbose_name = "계정"
