from django.core.management.base import BaseCommand, CommandError

from bianmin.cases.pdf import FONT_DIR
from bianmin.lib import fonts


class Command(BaseCommand):
    help = (
        "Build the small cut of Noto Serif CJK SC that notice PDFs are rendered with, under VAR_DIR/fonts. "
        "Optional: the first PDF that finds it missing starts the build in the background. Idempotent."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        faces = fonts.ensure_fonts(FONT_DIR)
        for face, path in faces.items():
            self.stdout.write(f"{face.style}: {path} ({path.stat().st_size // 1024} KiB)")
        if len(faces) < len(fonts.FACES):
            raise CommandError(f"{fonts.SOURCE_FAMILY} is not installed (apt-get install fonts-noto-cjk)")
