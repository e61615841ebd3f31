using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.TtyClient
{
    // Plays VFS against TTY. The host test (test/Boot/TtyTests.cs) is on the
    // other end: it types into COM2 once a prompt line (written by this
    // client through TTY's minor 1) has come out, presses keys through QEMU's
    // monitor once a "console waiting" log line is printed, and reads the
    // screen out of VGA memory. Each edited line arrives through a waiting
    // read posted before the prompt. One log line per check.
    public static unsafe class Program
    {
        private const int Console = 0, SerialTerminal = 1;
        private const int InputMilliseconds = 120000;
        private const int QuietMilliseconds = 150;
        private const int WholeLine = TtyConnection.BufferSize;

        // Prompt number (the host types its input for step N after
        // "ttyclient: type N\n"), read length, expected result.
        private static readonly string[] SerialExpected =
        {
            "help me\n",   // 1  "helo\bp me\r": backspace
            "ok\n",        // 2  "junk\x15ok\r": Ctrl-U
            "",            // 3  "\x04": Ctrl-D at the start of a line, end of file
            "abc",         // 4  "abc\x04": Ctrl-D delivers the line so far
            "after\n",     // 5  "xyz\x03after\r": Ctrl-C discards the line
            "ac\n",        // 6  "ab\x7fc\n": DEL erases, LF ends a line too
        };

        private static readonly GrantEntry[] s_grants = new GrantEntry[2];
        private static readonly byte[] s_buffer = new byte[TtyConnection.BufferSize];
        private static int s_failures;

        public static int Main()
        {
            Endpoint tty = Endpoints.Lookup("tty");
            if (tty.IsNone)
            {
                Diagnostics.Print("ttyclient: FAIL tty is not running");
                return 1;
            }
            fixed (GrantEntry* table = s_grants)
            fixed (byte* buffer = s_buffer)
            {
                Grants.Publish(table, s_grants.Length);
                var connection = new TtyConnection(tty, table, buffer);
                SerialLine(connection);
                BadRequests(connection);
                ConsoleChecks.Run(connection);
            }
            Diagnostics.Print(s_failures == 0 ? "ttyclient: all checks passed" : "ttyclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void SerialLine(TtyConnection tty)
        {
            Check("open-console", tty.Open(Console) == Status.Ok);
            Check("open-serial", tty.Open(SerialTerminal) == Status.Ok);
            Check("open-unknown-minor", tty.Open(5) == DriverStatus.NoSuchDevice);
            Check("close-serial", tty.Close(SerialTerminal) == Status.Ok);
            const string hello = "ttyclient: hello\nover two lines\n";
            Check("serial-write", tty.WriteText(SerialTerminal, hello) == hello.Length);

            for (int step = 0; step < SerialExpected.Length; step++)
            {
                string? line = Prompted(tty, step + 1, WholeLine);
                Check(string.Concat("serial-line-", (step + 1).ToString()), line == SerialExpected[step]);
                if (step == 0)
                    Check("serial-reply-names-minor", tty.LastMinor == SerialTerminal);
            }

            // 7: 300 'x' then Enter: the line holds 255, the rest is dropped.
            string? full = Prompted(tty, 7, WholeLine);
            Check("serial-line-overflow", full != null && full.Length == 256 && full[255] == '\n' && full.IndexOf('\n') == 255);

            // 8: "0123456789\r" read 4 bytes at a time: the rest of a line
            // stays for the next read.
            string? first = Prompted(tty, 8, 4);
            long second = tty.Read(SerialTerminal, 4);
            string secondText = tty.Text(second);
            long third = tty.Read(SerialTerminal, 4);
            string thirdText = tty.Text(third);
            Check("serial-partial-reads", first == "0123" && secondText == "4567" && thirdText == "89\n"
                && tty.Read(SerialTerminal, 4) == 0);

            // 9: "one\rtwo\r" typed at once: a read gets one line only. The
            // second read waits too (the second line may reach TTY later).
            string? one = Prompted(tty, 9, WholeLine);
            bool posted = tty.StartWaitingRead(SerialTerminal, WholeLine) == Status.Ok;
            string? two = posted && tty.Await(DriverRequest.Read, InputMilliseconds, out long next) ? tty.Text(next) : null;
            Check("serial-one-line-per-read", one == "one\n" && two == "two\n");

            // 10: "a\tb" then three backspaces and "z\r": the tab is erased
            // by the seven columns it took.
            Check("serial-tab-erase", Prompted(tty, 10, WholeLine) == "z\n");
        }

        // Posts a waiting read, writes prompt N to the serial terminal, and
        // returns what the read got (null: an error or no reply in time).
        private static string? Prompted(TtyConnection tty, int step, int length)
        {
            bool posted = tty.StartWaitingRead(SerialTerminal, length) == Status.Ok;
            string prompt = string.Concat("ttyclient: type ", step.ToString(), "\n");
            bool written = tty.WriteText(SerialTerminal, prompt) == prompt.Length;
            if (!posted || !written || !tty.Await(DriverRequest.Read, InputMilliseconds, out long got) || got < 0)
            {
                Diagnostics.Print(string.Concat("ttyclient: step ", step.ToString(), " failed"));
                return null;
            }
            string text = tty.Text(got);
            Diagnostics.Print(string.Concat("ttyclient: serial read ", got.ToString(), " bytes: ", Escape(text)));
            return text;
        }

        private static void BadRequests(TtyConnection tty)
        {
            Check("read-forged-grant", tty.ReadForged(SerialTerminal) == Status.BadGrant);
            Check("write-forged-grant", tty.WriteForged(Console) == Status.BadGrant);
            Check("read-longer-than-grant", tty.ReadShortGrant(SerialTerminal, TtyConnection.ShortGrantBytes * 2) == Status.OutOfRange);
            Check("write-longer-than-grant", tty.WriteShortGrant(Console, TtyConnection.ShortGrantBytes * 2) == Status.OutOfRange);
            Check("read-too-long", tty.Read(SerialTerminal, DriverRequest.MaxTransfer + 1) == Status.BadArgument);
            Check("write-negative-length", tty.Write(Console, -1) == Status.BadArgument);
            Check("read-unknown-minor", tty.Read(7, 8) == DriverStatus.NoSuchDevice);
            Check("write-unknown-minor", tty.Write(2, 8) == DriverStatus.NoSuchDevice);
            Check("unknown-request", tty.UnknownRequest() == DriverStatus.BadRequest);
            Check("ioctl-unknown-request", tty.Ioctl(SerialTerminal, 0x1234, 16) == DriverStatus.NotATypewriter);
            Check("ioctl-short-block", tty.Ioctl(SerialTerminal, 0x5401, 8) == Status.BadArgument);
            Check("heartbeat", tty.Ping() == Status.Ok);
            // A forged "your keyboard/serial read is done, 128 bytes": if TTY
            // took it, stale bytes of its input buffers (with line ends in
            // them) would become readable lines.
            Check("forged-driver-reply-ignored", tty.ForgeDriverReply(128) == Status.Ok && tty.Ping() == Status.Ok
                && tty.Read(SerialTerminal, 8) == 0 && tty.Read(Console, 8) == 0);
            long nothing = tty.Read(SerialTerminal, 8);
            if (nothing > 0)
                Diagnostics.Print(string.Concat("ttyclient: unexpected input: ", Escape(tty.Text(nothing))));
            Check("plain-read-nothing", nothing == 0);
            Check("zero-length-read", tty.Read(SerialTerminal, 0) == 0);

            Check("wait-suspended", tty.StartWaitingRead(SerialTerminal, WholeLine) == Status.Ok
                && !tty.Await(DriverRequest.Read, QuietMilliseconds, out _));
            Check("wait-second-busy", tty.WaitingReadAnsweredAtOnce(SerialTerminal) == Status.Busy);
            Check("wait-heartbeat", tty.Ping() == Status.Ok);
            bool posted = tty.PostCancel(SerialTerminal) == Status.Ok;
            bool readEnded = tty.Await(DriverRequest.Read, 3000, out long readResult);
            bool cancelAnswered = tty.Await(DriverRequest.Cancel, 3000, out long cancelResult);
            Check("wait-cancelled", posted && readEnded && readResult == DriverStatus.Interrupted && cancelAnswered && cancelResult == Status.Ok);
            Check("cancel-nothing-pending", tty.PostCancel(SerialTerminal) == Status.Ok
                && tty.Await(DriverRequest.Cancel, 3000, out long again) && again == DriverStatus.NothingPending);
            const string still = "ttyclient: still serving\n";
            Check("still-serving", tty.WriteText(SerialTerminal, still) == still.Length);
        }

        // Printable ASCII as is; '\n' as \n, anything else as \xNN.
        internal static string Escape(string text)
        {
            char* chars = stackalloc char[text.Length * 4 + 1];
            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= ' ' && c < 0x7F && c != '\\')
                {
                    chars[length++] = c;
                    continue;
                }
                chars[length++] = '\\';
                if (c == '\n')
                {
                    chars[length++] = 'n';
                    continue;
                }
                chars[length++] = 'x';
                chars[length++] = "0123456789abcdef"[(c >> 4) & 0xF];
                chars[length++] = "0123456789abcdef"[c & 0xF];
            }
            return new string(chars, 0, length);
        }

        internal static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("ttyclient: ", name, ok ? ": ok" : ": FAIL"));
        }
    }
}
