"""``bianmin calendar_import FILE``: load 调休/节假日调整 rows from a CSV (``-`` reads standard input)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from bianmin.lib.errors import DomainError
from bianmin.workdays.services import import_overrides_csv

HELP = _("从 CSV 导入调休/节假日调整（表头 date,kind,name,region_code,note；FILE 为 - 时读标准输入）")


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # argparse cannot format a lazy string, and translating here (not at import) follows the locale.
        self.help = str(HELP)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help=str(_("CSV 文件路径，- 表示标准输入")))

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                # The byte stream, so the importer can tell UTF-8 from GBK itself.
                result = import_overrides_csv(getattr(sys.stdin, "buffer", sys.stdin))
            else:
                with open(path, "rb") as stream:
                    result = import_overrides_csv(stream)
        except OSError as exc:
            raise CommandError(
                _("无法读取文件 %(path)s：%(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        except DomainError as exc:
            lines = [str(exc.message)]
            lines += [_("第 %(line)d 行：%(error)s") % item for item in exc.data.get("errors", [])]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            _("新增 %(created)d 条，更新 %(updated)d 条，未变 %(unchanged)d 条")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
