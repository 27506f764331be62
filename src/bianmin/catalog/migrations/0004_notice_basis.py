from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_mandatory_steps"),
    ]

    operations = [
        migrations.AddField(
            model_name="serviceitemversion",
            name="notice_basis",
            field=models.CharField(
                blank=True,
                help_text="通知书中“依据……”引用的法规条款；留空则按事项类别引用（行政许可引用行政许可法相应条款）",
                max_length=300,
                verbose_name="文书引用依据",
            ),
        ),
    ]
