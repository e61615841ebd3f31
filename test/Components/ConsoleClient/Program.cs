using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.ConsoleClient
{
    // Plays the terminal's part against the serial and keyboard drivers,
    // whichever of them runs. The host test (test/Boot/ConsoleDriverTests.cs)
    // is on the other end: it reads what is written to COM2, types into COM2
    // and presses keys through QEMU's monitor, waiting for the "ready" lines
    // below before it does. One log line per check.
    public static unsafe class Program
    {
        public const string SerialGreeting = "consoleclient: hello over COM2\n";
        public const string SerialStillServing = "consoleclient: still serving\n";
        public const string SerialFloodOver = "consoleclient: flood over\n";
        public const string SerialWaiting = "consoleclient: serial waiting\n";
        public const string SerialDone = "consoleclient: serial done\n";

        // What the host sends after "still serving": more than the driver's
        // ring holds, byte i being 'a' + i % 26 (no newline). The serial
        // driver's InputStatistics ioctl ('S', 1) reports the counts.
        private const int FloodBytes = 6000;
        private const long InputStatistics = 0x5301;

        // Empty polls (10 ms each) before a wait for input fails.
        private const int InputPolls = 3000;
        private const int MaxLine = 128;

        private static readonly GrantEntry[] s_grants = new GrantEntry[4];
        private static readonly byte[] s_serialBuffer = new byte[DriverConnection.BufferSize];
        private static readonly byte[] s_keyboardBuffer = new byte[DriverConnection.BufferSize];
        private static int s_failures;

        public static int Main()
        {
            Endpoint serial = Endpoints.Lookup("serial"), keyboard = Endpoints.Lookup("keyboard");
            if (serial.IsNone && keyboard.IsNone)
            {
                Diagnostics.Print("consoleclient: FAIL neither serial nor keyboard is running");
                return 1;
            }
            fixed (GrantEntry* table = s_grants)
            fixed (byte* serialBuffer = s_serialBuffer)
            fixed (byte* keyboardBuffer = s_keyboardBuffer)
            {
                Grants.Publish(table, s_grants.Length);
                if (!serial.IsNone)
                    Serial(new DriverConnection(serial, table, 0, serialBuffer));
                if (!keyboard.IsNone)
                    Keyboard(new DriverConnection(keyboard, table, 2, keyboardBuffer));
            }
            Diagnostics.Print(s_failures == 0 ? "consoleclient: all checks passed" : "consoleclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void Serial(DriverConnection serial)
        {
            Check("serial-open", serial.Open(0) == Status.Ok);
            Check("serial-write", serial.WriteText(SerialGreeting) == SerialGreeting.Length);
            Diagnostics.Print("consoleclient: serial ready");
            string? line = serial.ReadLine(InputPolls, MaxLine);
            Diagnostics.Print(string.Concat("consoleclient: serial received: ", line == null ? "(nothing)" : Escape(line)));
            Check("serial-read", line != null);

            Check("serial-read-zero-length", serial.Read(0, 0) == Status.BadArgument);
            Check("serial-write-zero-length", serial.Write(0, 0) == Status.BadArgument);
            Check("serial-read-too-long", serial.Read(0, DriverRequest.MaxTransfer + 1) == Status.BadArgument);
            Check("serial-write-too-long", serial.Write(0, DriverRequest.MaxTransfer + 1) == Status.BadArgument);
            Check("serial-write-longer-than-grant", serial.WriteShortGrant(DriverConnection.ShortGrantBytes * 2) == Status.OutOfRange);
            Check("serial-read-longer-than-grant", serial.ReadShortGrant(DriverConnection.ShortGrantBytes * 2) == Status.OutOfRange);
            Check("serial-read-forged-grant", serial.ReadForged(8) == Status.BadGrant);
            Check("serial-write-forged-grant", serial.WriteForged(8) == Status.BadGrant);
            Check("serial-unknown-minor-open", serial.Open(5) == DriverStatus.NoSuchDevice);
            Check("serial-unknown-minor-write", serial.Write(1, 4) == DriverStatus.NoSuchDevice);
            Check("serial-unknown-request", serial.UnknownRequest() == DriverStatus.BadRequest);
            Check("serial-heartbeat", serial.Ping() == Status.Ok);
            Check("serial-still-serving", serial.WriteText(SerialStillServing) == SerialStillServing.Length);
            Flood(serial);

            WaitingReads.WithoutInput(serial, "serial");
            bool started = WaitingReads.Start(serial, "serial");
            Check("serial-waiting", serial.WriteText(SerialWaiting) == SerialWaiting.Length);
            line = WaitingReads.Line(serial, started, MaxLine);
            Diagnostics.Print(string.Concat("consoleclient: serial received while waiting: ", line == null ? "(nothing)" : Escape(line)));
            Check("serial-wait-read", line != null);
            Check("serial-done", serial.WriteText(SerialDone) == SerialDone.Length);
        }

        // The host floods the driver past its ring: the driver must keep the
        // oldest bytes, count the rest as dropped, and go on serving.
        private static void Flood(DriverConnection serial)
        {
            long buffered = 0, dropped = 0, capacity = 0;
            bool counted = false;
            for (int polls = 0; polls < InputPolls && !counted; polls++)
            {
                if (serial.Ioctl(InputStatistics, 3 * sizeof(long)) != 3 * sizeof(long))
                    break;
                long* counts = (long*)serial.Buffer;
                buffered = counts[0];
                dropped = counts[1];
                capacity = counts[2];
                counted = buffered + dropped >= FloodBytes;
                if (!counted)
                    DriverConnection.Sleep();
            }
            Diagnostics.Print(string.Concat("consoleclient: flood buffered=", buffered.ToString(), " dropped=", dropped.ToString(), " capacity=", capacity.ToString()));
            Check("serial-flood-counted", counted && capacity > 0 && buffered == capacity && dropped == FloodBytes - capacity);
            int total = 0;
            bool inOrder = true;
            while (total < capacity)
            {
                long got = serial.Read(0, DriverConnection.BufferSize);
                if (got <= 0)
                    break;
                for (int i = 0; i < got; i++)
                    inOrder &= serial.Buffer[i] == (byte)('a' + (total + i) % 26);
                total += (int)got;
            }
            Check("serial-flood-kept-oldest", total == capacity && inOrder);
            Check("serial-flood-drained", serial.Read(0, DriverConnection.BufferSize) == 0);
            Check("serial-flood-over", serial.WriteText(SerialFloodOver) == SerialFloodOver.Length);
            string? line = serial.ReadLine(InputPolls, MaxLine);
            Diagnostics.Print(string.Concat("consoleclient: serial received after the flood: ", line == null ? "(nothing)" : Escape(line)));
            Check("serial-read-after-flood", line != null);
        }

        private static void Keyboard(DriverConnection keyboard)
        {
            Check("keyboard-open", keyboard.Open(0) == Status.Ok);
            Check("keyboard-empty-read", keyboard.Read(0, 8) == 0);
            Diagnostics.Print("consoleclient: keyboard ready");
            ReadKeys(keyboard, "keyboard-read");

            Check("keyboard-read-zero-length", keyboard.Read(0, 0) == Status.BadArgument);
            Check("keyboard-read-too-long", keyboard.Read(0, DriverRequest.MaxTransfer + 1) == Status.BadArgument);
            Check("keyboard-read-longer-than-grant", keyboard.ReadShortGrant(DriverConnection.ShortGrantBytes * 2) == Status.OutOfRange);
            Check("keyboard-read-forged-grant", keyboard.ReadForged(8) == Status.BadGrant);
            Check("keyboard-write-refused", keyboard.Write(0, 4) == DriverStatus.ReadOnly);
            Check("keyboard-unknown-minor", keyboard.Read(3, 4) == DriverStatus.NoSuchDevice);
            Check("keyboard-heartbeat", keyboard.Ping() == Status.Ok);
            Diagnostics.Print("consoleclient: keyboard ready again");
            ReadKeys(keyboard, "keyboard-still-serving");

            WaitingReads.WithoutInput(keyboard, "keyboard");
            bool started = WaitingReads.Start(keyboard, "keyboard");
            Diagnostics.Print("consoleclient: keyboard waiting");
            string? line = WaitingReads.Line(keyboard, started, MaxLine);
            Diagnostics.Print(string.Concat("consoleclient: keyboard received while waiting: ", line == null ? "(nothing)" : Escape(line)));
            Check("keyboard-wait-read", line != null);
        }

        // One line of keys; the host test compares the printed text.
        private static void ReadKeys(DriverConnection keyboard, string check)
        {
            string? line = keyboard.ReadLine(InputPolls, MaxLine);
            Diagnostics.Print(string.Concat("consoleclient: keyboard received: ", line == null ? "(nothing)" : Escape(line)));
            Check(check, line != null);
        }

        // Printable ASCII as is; '\n' as \n, anything else as \xNN, so the
        // host can match control characters in the log.
        private static string Escape(string text)
        {
            char* chars = stackalloc char[text.Length * 4];
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
            Diagnostics.Print(string.Concat("consoleclient: ", name, ok ? ": ok" : ": FAIL"));
        }
    }
}
