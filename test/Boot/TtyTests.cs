using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// TTY (src/Servers/Tty) between real devices and a client playing VFS
// (test/Components/TtyClient). The serial terminal: the test is the user at
// the other end of COM2 (a unix socket), typing each line only after the
// client's prompt has come out, and it checks the echo byte for byte
// ("\r\n" included, so it reads the socket raw). The console: keys go in
// through QEMU's monitor (`sendkey`), and the screen is read back out of
// VGA text memory with `pmemsave`. Every wait is bounded.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class TtyTests
{
    // What the user types after "ttyclient: type N\r\n", and the echo each must give.
    private static readonly (string Typed, string Echo)[] SerialSteps =
    {
        ("helo\bp me\r", "helo\b \bp me\r\n"),
        ("junk\x15ok\r", "junk\b \b\b \b\b \b\b \bok\r\n"),
        ("\x04", ""),
        ("abc\x04", "abc"),
        ("xyz\x03" + "after\r", "xyz^C\r\nafter\r\n"),
        ("ab\x7f" + "c\n", "ab\b \bc\r\n"),
        (new string('x', 300) + "\r", new string('x', 255) + new string('\a', 45) + "\r\n"),
        ("0123456789\r", "0123456789\r\n"),
        ("one\rtwo\r", "one\r\ntwo\r\n"),
        ("a\tb\b\b\bz\r", "a\tb\b \b" + new string('\b', 7) + "\b \bz\r\n"),
    };

    private static readonly string[] Checks =
    {
        "open-console", "open-serial", "open-unknown-minor", "close-serial", "serial-write",
        "serial-line-1", "serial-reply-names-minor", "serial-line-2", "serial-line-3", "serial-line-4", "serial-line-5", "serial-line-6",
        "serial-line-overflow", "serial-partial-reads", "serial-one-line-per-read", "serial-tab-erase",
        "read-forged-grant", "write-forged-grant", "read-longer-than-grant", "write-longer-than-grant", "read-too-long",
        "write-negative-length", "read-unknown-minor", "write-unknown-minor", "unknown-request", "ioctl-unknown-request", "ioctl-short-block",
        "heartbeat", "forged-driver-reply-ignored", "plain-read-nothing", "zero-length-read", "wait-suspended", "wait-second-busy", "wait-heartbeat",
        "wait-cancelled", "cancel-nothing-pending", "still-serving",
        "console-write", "console-line-edit", "console-kill-line", "console-scroll-write", "console-last-key",
    };

    // Keys for the console's three waiting reads.
    private static readonly string[][] ConsoleKeys =
    {
        new[] { "h", "e", "l", "o", "backspace", "p", "spc", "m", "e", "ret" },
        new[] { "x", "ctrl-c", "a", "b", "c", "ctrl-u", "o", "k", "ret" },
        new[] { "ret" },
    };

    [Test]
    public void TtyEditsLinesOnTheSerialTerminalAndTheConsole()
    {
        string com2 = HostConsole.NewSocketPath("com2"), monitor = HostConsole.NewSocketPath("mon");
        string log = Path.Combine(Path.GetTempPath(), $"minix3-tty-{Guid.NewGuid():N}.log");
        try
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(150);
            Task<string> user = Task.Run(() => TypeOnCom2(com2, deadline));
            Task<Screens> console = Task.Run(() => UseConsole(monitor, log, deadline));
            var run = GuestRun.Qemu("start=keyboard,serial,tty,ttyclient exit_when=ttyclient", image: GuestRun.TestImage, timeoutSeconds: 160,
                com2Socket: com2, monitorSocket: monitor, serialLog: log);

            GuestRun.Line(run, @"^\[tty\] tty: console 80x25 with keyboard, serial terminal on COM2$");
            AssertSerial(user.Result);
            AssertConsole(console.Result);
            GuestRun.Line(run, @"^\[tty\] tty: \^C on the serial terminal, foreground group 0$");
            GuestRun.Line(run, @"^\[tty\] tty: \^C on the console, foreground group 0$");
            GuestRun.Line(run, @"^\[ttyclient\] ttyclient: serial read 8 bytes: help me\\n$");
            GuestRun.Line(run, @"^\[ttyclient\] ttyclient: serial read 0 bytes: $");
            GuestRun.Line(run, @"^\[ttyclient\] ttyclient: console read: help me\\n$");
            GuestRun.Line(run, @"^\[ttyclient\] ttyclient: console read: ok\\n$");
            foreach (string check in Checks)
                GuestRun.Line(run, $@"^\[ttyclient\] ttyclient: {check}: ok$");
            GuestRun.Line(run, @"^\[ttyclient\] ttyclient: all checks passed$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(com2);
            File.Delete(monitor);
            File.Delete(log);
        }
    }

    // All the guest wrote to COM2: the client's output with "\n" as
    // "\r\n", each prompt followed by the echo of what was typed.
    private static void AssertSerial(string fromGuest)
    {
        var expected = new StringBuilder("ttyclient: hello\r\nover two lines\r\n");
        for (int i = 0; i < SerialSteps.Length; i++)
            expected.Append($"ttyclient: type {i + 1}\r\n").Append(SerialSteps[i].Echo);
        expected.Append("ttyclient: still serving\r\n");
        Assert.That(Visible(fromGuest), Is.EqualTo(Visible(expected.ToString())), "what came out of COM2, byte for byte");
    }

    private static void AssertConsole(Screens screens)
    {
        Assert.That(screens.Problem, Is.Null, "the host's side of the console");
        // Before any key: the client's text on the screen, the cursor after it.
        int row = Array.FindIndex(screens.First!, r => r == "ttyclient: hello on the console");
        Assert.That(row, Is.GreaterThanOrEqualTo(0), "the written line on the screen:\n" + string.Join("\n", screens.First!));
        // After the first line of keys: its echo, erasure applied, on the
        // row below (both may have scrolled up meanwhile).
        int echoRow = Array.IndexOf(screens.Second!, "help me");
        Assert.That(echoRow, Is.GreaterThan(0), "the echo of the edited line:\n" + string.Join("\n", screens.Second!));
        Assert.That(screens.Second![echoRow - 1], Is.EqualTo("ttyclient: hello on the console"));
        // After 30 more lines: the screen scrolled, the last line on row 23.
        string[] last = screens.Last!;
        Assert.That(last[23], Is.EqualTo("scroll 29"));
        Assert.That(last[0], Is.EqualTo("scroll 06"));
        Assert.That(last[24], Is.Empty);
    }

    private sealed class Screens
    {
        public string[]? First, Second, Last;
        public string? Problem;
    }

    // The user at COM2: each step's keys once its prompt is out. Returns
    // all bytes received (raw, "\r" kept).
    private static string TypeOnCom2(string path, DateTime deadline)
    {
        using Socket socket = Connect(path, deadline);
        var received = new StringBuilder();
        for (int i = 0; i < SerialSteps.Length; i++)
        {
            if (!ReadUntil(socket, received, $"ttyclient: type {i + 1}\r\n", deadline))
                return received.ToString();
            socket.Send(Encoding.ASCII.GetBytes(SerialSteps[i].Typed));
        }
        ReadUntil(socket, received, "ttyclient: still serving\r\n", deadline);
        return received.ToString();
    }

    // The user at the console: after "console waiting N", reads the screen
    // and presses that step's keys.
    private static Screens UseConsole(string monitorPath, string log, DateTime deadline)
    {
        var screens = new Screens();
        using HostConsole monitor = HostConsole.Connect(monitorPath, deadline);
        for (int step = 1; step <= ConsoleKeys.Length; step++)
        {
            if (!HostConsole.WaitForLogLine(log, $@"^\[ttyclient\] ttyclient: console waiting {step}$", deadline))
            {
                screens.Problem = $"no \"console waiting {step}\" line in the log";
                return screens;
            }
            string[]? screen = monitor.ReadScreen(deadline);
            if (screen == null)
            {
                screens.Problem = "pmemsave did not give the screen";
                return screens;
            }
            if (step == 1) screens.First = screen;
            else if (step == 2) screens.Second = screen;
            else screens.Last = screen;
            foreach (string key in ConsoleKeys[step - 1])
            {
                if (!monitor.Command("sendkey " + key, deadline))
                {
                    screens.Problem = $"the monitor did not take sendkey {key}";
                    return screens;
                }
            }
        }
        return screens;
    }

    private static Socket Connect(string path, DateTime deadline)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                socket.ReceiveTimeout = 200;
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(20);
            }
        }
    }

    private static bool ReadUntil(Socket socket, StringBuilder received, string expected, DateTime deadline)
    {
        var buffer = new byte[4096];
        while (received.ToString().IndexOf(expected, StringComparison.Ordinal) < 0)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            int count;
            try
            {
                count = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                continue;
            }
            if (count == 0)
                return false;
            received.Append(Encoding.Latin1.GetString(buffer, 0, count));
        }
        return true;
    }

    // Control bytes spelled out, so a mismatch shows where.
    private static string Visible(string text) =>
        string.Concat(text.Select(c => c == '\n' ? "\\n\n" : c < ' ' || c > '~' ? $"\\x{(int)c:x2}" : c.ToString()));
}
