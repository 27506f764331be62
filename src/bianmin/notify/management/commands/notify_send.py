"""``bianmin notify_send``: one pass of the notification worker — read the case ledger for new steps
(the harvest), then deliver every due message batch by batch (SMS, e-mail, letters).

Cron: ``* * * * *  bianmin notify_send`` (a pass a minute), or one long-running process:
``bianmin notify_send --forever`` (a systemd service with ``Restart=always``), which sleeps
``NOTIFY_SLEEP_SECONDS`` between passes and stops after its batch on SIGTERM. Several workers may run at
once: each leases its own batch. A worker killed mid-batch loses nothing: its leased messages are taken again
once their lease (``NOTIFY_LEASE_SECONDS``) runs out. Nothing is wrong when it has not run: the messages wait
in the outbox, and staff notifications are shown at once without it.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from bianmin.notify.delivery import send_all
from bianmin.notify.harvest import harvest_all


class Command(BaseCommand):
    help = "发送待发的通知（短信、邮件、书面通知）；--forever 持续运行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--forever", action="store_true", help="持续运行，每轮之间休眠")
        parser.add_argument("--sleep", type=int, default=None, help="每轮之间休眠的秒数")
        parser.add_argument("--batch", type=int, default=None, help="每批租用的消息数")
        parser.add_argument("--no-harvest", action="store_true", help="不读取办件环节，只发送已有消息")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if options["forever"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        sleep = options["sleep"] if options["sleep"] is not None else settings.NOTIFY_SLEEP_SECONDS
        while True:
            read = 0 if options["no_harvest"] else harvest_all()
            result = send_all(batch=options["batch"])
            if read or result.claimed or not options["forever"]:
                self.stdout.write(
                    f"读取办件环节 {read} 条；发送 {result.sent} 条，待重试 {result.retried} 条，失败 {result.failed} 条。"
                )
            for error in result.errors:
                self.stderr.write(error)
            if not options["forever"] or stopping:
                return
            for _ in range(max(sleep, 0) * 10):
                if stopping:
                    return
                time.sleep(0.1)
