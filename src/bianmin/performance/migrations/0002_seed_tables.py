"""The seeds' tables: 003 曾家镇 效能评估考核管理办法 (points, county default) and 太湖乡 fines (a template)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from bianmin.performance.actions import ensure_seed_tables

    ensure_seed_tables(apps.get_model("performance", "RuleTable"), apps.get_model("performance", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
