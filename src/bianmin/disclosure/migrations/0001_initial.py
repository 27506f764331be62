import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("orgs", "0005_staff_service_dates"),
    ]

    operations = [
        migrations.CreateModel(
            name="Disclosure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quarter", models.CharField(max_length=7, verbose_name="季度")),
                ("first_day", models.DateField(verbose_name="起始日")),
                ("last_day", models.DateField(verbose_name="截止日")),
                ("rows", models.JSONField(default=list, verbose_name="办结办件")),
                ("figures", models.JSONField(default=dict, verbose_name="统计数据")),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="办结件数")),
                ("published_at", models.DateTimeField(verbose_name="公开时间")),
                (
                    "org",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.org",
                        verbose_name="中心",
                    ),
                ),
            ],
            options={
                "verbose_name": "办结公告",
                "verbose_name_plural": "办结公告",
                "ordering": ["org", "-quarter"],
                "constraints": [
                    models.UniqueConstraint(fields=("org", "quarter"), name="one_disclosure_per_quarter")
                ],
            },
        ),
    ]
