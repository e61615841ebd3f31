#!/usr/bin/env python3
"""Text "screenshots" of the Minix3.Cosmos console, for the docs.

QEMU's `screendump` writes a PPM picture; the docs keep no binaries, so this
script reads the VGA text screen instead (80x25 cells of character and
attribute at physical 0xb8000, saved with the monitor's `pmemsave`, as
test/Boot/HostConsole.cs ReadScreen does) and writes its characters as text.

Usage (from the repository root, after `dotnet build iso/Minix3.Cosmos.Image.csproj`):

    python3 docs/screens/capture.py NAME 'command' ['command' ...]

boots the system image headless on a copy of iso/out/root.img (the real one
stays untouched), waits for the console shell's prompt, types each command on
the VGA console with the monitor's `sendkey` (the PS/2 keyboard driver reads
the keys), waits SETTLE seconds after each, and writes the screen to
docs/screens/NAME.txt with empty rows trimmed. With `--serial`, the commands
go to the COM2 shell instead and their output is printed (the way the docs'
example outputs were taken); the screen is still captured at the end.
COM1_LOG=FILE keeps the kernel log (COM1) of the run in FILE.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETTLE = float(os.environ.get("SETTLE", "3"))

# sendkey names for the characters the commands use (QEMU's qcode names).
KEYS = {" ": "spc", "-": "minus", "/": "slash", ".": "dot", "=": "equal",
        ";": "semicolon", "\n": "ret", ",": "comma", "'": "apostrophe",
        "|": "shift-backslash", "_": "shift-minus", ">": "shift-dot",
        "<": "shift-comma", "$": "shift-4", "&": "shift-7", "*": "shift-8",
        "(": "shift-9", ")": "shift-0", '"': "shift-apostrophe"}


def key(ch):
    if ch in KEYS:
        return KEYS[ch]
    if ch.isupper():
        return "shift-" + ch.lower()
    return ch


class Sock:
    """A unix socket QEMU listens on; keeps everything received."""

    def __init__(self, path, deadline):
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                break
            except OSError:
                s.close()
                if time.time() > deadline:
                    raise SystemExit(f"no socket {path}")
                time.sleep(0.05)
        s.settimeout(0.2)
        self.s, self.data = s, ""

    def read_until(self, text, deadline, start=0):
        while text not in self.data[start:]:
            if time.time() > deadline:
                return False
            try:
                chunk = self.s.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                return False
            self.data += chunk.decode("ascii", "replace").replace("\r", "")
        return True

    def send(self, text):
        self.s.sendall(text.encode("ascii"))


def screen(monitor, deadline):
    path = tempfile.mktemp(suffix=".vga")
    monitor.command(f'pmemsave 0xb8000 4000 "{path}"', deadline)
    cells = open(path, "rb").read()
    os.unlink(path)
    rows = ["".join(chr(cells[(r * 80 + c) * 2]) for c in range(80)).rstrip(" \0")
            for r in range(25)]
    while rows and not rows[-1]:
        rows.pop()
    while rows and not rows[0]:
        rows.pop(0)
    return "\n".join(rows) + "\n"


class Monitor(Sock):
    def command(self, cmd, deadline):
        self.read_until("(qemu)", deadline)
        start = len(self.data)
        self.send(cmd + "\n")
        self.read_until("(qemu)", deadline, start)


def main():
    args = sys.argv[1:]
    serial = "--serial" in args
    args = [a for a in args if a != "--serial"]
    if not args:
        raise SystemExit(__doc__)
    name, commands = args[0], args[1:]
    work = tempfile.mkdtemp(prefix="m3cap")
    disk = os.path.join(work, "root.img")
    shutil.copy(os.path.join(ROOT, "iso/out/root.img"), disk)
    com2, mon = os.path.join(work, "com2"), os.path.join(work, "mon")
    launcher = subprocess.Popen(
        ["dotnet", "run", "--no-build", "--project", os.path.join(ROOT, "src/Launcher"), "--",
         "--no-build", "--headless", "--timeout", "300", "--disk", disk,
         "--com2-socket", com2, "--monitor-socket", mon,
         "--serial-log", os.path.join(work, "com1.log")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 240
        tty = Sock(com2, deadline)          # the guest starts once COM2 is connected
        monitor = Monitor(mon, deadline)
        if not tty.read_until("# ", deadline):
            raise SystemExit("no shell prompt on COM2")
        time.sleep(1)
        for cmd in commands:
            if serial:
                start = len(tty.data)
                tty.send(cmd + "\n")
                tty.read_until("\n# ", time.time() + 60, start)
                time.sleep(SETTLE)
                tty.read_until("\n# ", time.time() + 0.5, len(tty.data))
                print(tty.data[start:], end="")
            else:
                for ch in cmd + "\n":
                    monitor.command("sendkey " + key(ch), deadline)
                time.sleep(SETTLE)
        text = screen(monitor, time.time() + 20)
        out = os.path.join(ROOT, "docs/screens", name + ".txt")
        with open(out, "w") as f:
            f.write(text)
        print(f"--- {out}", file=sys.stderr)
        print(text, file=sys.stderr)
        tty.send("shutdown\n")
        tty.read_until("powering off", time.time() + 20)
    finally:
        try:
            launcher.wait(timeout=30)
        except subprocess.TimeoutExpired:
            launcher.terminate()
            launcher.wait()
        if os.environ.get("COM1_LOG"):   # keep the kernel log (COM1) too
            shutil.copy(os.path.join(work, "com1.log"), os.environ["COM1_LOG"])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
