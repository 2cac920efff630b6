#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (Debian's python3-aiosmtpd).

usage: smtp_sink.py PORT MAILDIR [--stall-rcpt SECONDS] [--stall-data SECONDS] [--reject-rcpt CODE]

Each message it accepts becomes MAILDIR/NNNNNN.eml (the bytes as received) and
MAILDIR/NNNNNN.txt (To, Subject and the decoded text part), written before the server
answers 250, as a relay that has taken a message would. The stall options make the first
connection hang at RCPT TO or after the end of DATA, to test a sender that dies mid-send.
Prints "ready" when it listens.
"""
import asyncio, email, email.header, email.policy, os, sys, time
from aiosmtpd.controller import Controller

port, maildir = int(sys.argv[1]), sys.argv[2]
opts = dict(zip(sys.argv[3::2], sys.argv[4::2]))
stall_rcpt = float(opts.get("--stall-rcpt", 0))
stall_data = float(opts.get("--stall-data", 0))
reject_rcpt = opts.get("--reject-rcpt")
os.makedirs(maildir, exist_ok=True)
state = {"n": 0, "stalled_rcpt": False, "stalled_data": False}


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if reject_rcpt:
            return f"{reject_rcpt} mailbox unavailable"
        if stall_rcpt and not state["stalled_rcpt"]:
            state["stalled_rcpt"] = True
            await asyncio.sleep(stall_rcpt)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        state["n"] += 1
        name = os.path.join(maildir, "%06d" % state["n"])
        with open(name + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        with open(name + ".txt.tmp", "w", encoding="utf-8") as f:
            f.write("To: %s\nSubject: %s\nMessage-ID: %s\nHTML: %d\n\n%s" % (
                msg["To"], msg["Subject"], msg["Message-ID"], 1 if html else 0, text.get_content() if text else ""))
        os.rename(name + ".eml.tmp", name + ".eml")
        os.rename(name + ".txt.tmp", name + ".txt")
        if stall_data and not state["stalled_data"]:
            state["stalled_data"] = True
            await asyncio.sleep(stall_data)
        return "250 Message accepted"


controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
