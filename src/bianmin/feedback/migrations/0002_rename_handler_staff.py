from django.db import migrations


class Migration(migrations.Migration):
    """The rated staff member: the clerk at the window for a window rating, the handler for the whole case."""

    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RenameField(model_name="rating", old_name="handler", new_name="staff")]
