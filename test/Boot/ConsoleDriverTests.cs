using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The serial (src/Drivers/Char/Serial) and keyboard (src/Drivers/Char/Keyboard)
// drivers with real input: QEMU's COM2 is a unix socket the test reads and
// types into, and QEMU's monitor presses keys (`sendkey`) on the PS/2
// keyboard. consoleclient (test/Components/ConsoleClient) is the guest's end;
// it prints "... ready" on the log before it waits for input, and the test
// waits for that line before sending any. Every wait on either side is
// bounded, so a lost byte fails the test instead of hanging it.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ConsoleDriverTests
{
    private const string Greeting = "consoleclient: hello over COM2\n";
    private const string StillServing = "consoleclient: still serving\n";
    private const string HostLine = "ping from the host, 42!\n";
    private const string FloodOver = "consoleclient: flood over\n";
    private const string AfterFlood = "after the flood\n";
    private const string Waiting = "consoleclient: serial waiting\n";
    private const string WaitedFor = "sent to a waiting read\n";
    private const string Done = "consoleclient: serial done\n";

    // consoleclient's FloodBytes and pattern; the serial driver's ring holds 4 KiB.
    private const int FloodBytes = 6000;
    private const int SerialRing = 4096;

    private static readonly string[] SerialChecks =
    {
        "serial-open", "serial-write", "serial-read",
        "serial-read-zero-length", "serial-write-zero-length", "serial-read-too-long", "serial-write-too-long",
        "serial-write-longer-than-grant", "serial-read-longer-than-grant", "serial-read-forged-grant", "serial-write-forged-grant",
        "serial-unknown-minor-open", "serial-unknown-minor-write", "serial-unknown-request", "serial-heartbeat", "serial-still-serving",
        "serial-flood-counted", "serial-flood-kept-oldest", "serial-flood-drained", "serial-flood-over", "serial-read-after-flood",
        "serial-wait-suspended", "serial-wait-second-busy", "serial-wait-heartbeat", "serial-wait-plain-read", "serial-wait-cancelled",
        "serial-wait-no-late-reply", "serial-cancel-nothing-pending", "serial-wait-started", "serial-waiting", "serial-wait-read", "serial-done",
    };

    private static readonly string[] KeyboardChecks =
    {
        "keyboard-open", "keyboard-empty-read", "keyboard-read",
        "keyboard-read-zero-length", "keyboard-read-too-long", "keyboard-read-longer-than-grant", "keyboard-read-forged-grant",
        "keyboard-write-refused", "keyboard-unknown-minor", "keyboard-heartbeat", "keyboard-still-serving",
        "keyboard-wait-suspended", "keyboard-wait-second-busy", "keyboard-wait-heartbeat", "keyboard-wait-plain-read", "keyboard-wait-cancelled",
        "keyboard-wait-no-late-reply", "keyboard-cancel-nothing-pending", "keyboard-wait-started", "keyboard-wait-read",
    };

    // Keys for the first line ("Hi\n") and, after the bad requests, the
    // second: caps lock gives 'A', ctrl-d 0x04, the up arrow (an 0xE0
    // extended key) the VT100 sequence ESC [ A, backspace 0x08.
    private static readonly string[] FirstKeys = { "shift-h", "i", "ret" };
    private static readonly string[] SecondKeys = { "caps_lock", "a", "caps_lock", "ctrl-d", "up", "backspace", "ret" };

    // Typed only once the client's waiting read is pending ("keyboard waiting").
    private static readonly string[] WaitedKeys = { "o", "k", "ret" };

    [Test]
    public void TheSerialDriverWritesToAndReadsFromCom2()
    {
        string com2 = HostConsole.NewSocketPath("com2");
        try
        {
            Task<string> host = Task.Run(() => TalkOverCom2(com2, DateTime.UtcNow.AddSeconds(80)));
            var run = GuestRun.Qemu("start=monitor,serial,consoleclient exit_when=consoleclient", image: GuestRun.TestImage, timeoutSeconds: 90, com2Socket: com2);
            string fromGuest = host.Result;
            AssertSerial(run, fromGuest);
            GuestRun.Line(run, @"^\[consoleclient\] consoleclient: all checks passed$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(com2);
        }
    }

    [Test]
    public void TheKeyboardDriverTurnsKeyPressesIntoText()
    {
        string monitor = HostConsole.NewSocketPath("mon");
        string log = Path.Combine(Path.GetTempPath(), $"minix3-keyboard-{Guid.NewGuid():N}.log");
        try
        {
            Task<string> host = Task.Run(() => PressKeys(monitor, log, DateTime.UtcNow.AddSeconds(80)));
            var run = GuestRun.Qemu("start=monitor,keyboard,consoleclient exit_when=consoleclient", image: GuestRun.TestImage, timeoutSeconds: 90,
                monitorSocket: monitor, serialLog: log);
            Assert.That(host.Result, Is.EqualTo("done"), "the host's side of the conversation");
            AssertKeyboard(run);
            GuestRun.Line(run, @"^\[consoleclient\] consoleclient: all checks passed$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(monitor);
            File.Delete(log);
        }
    }

    [Test]
    public void BothDriversServeOneClientInTheSameRun()
    {
        string com2 = HostConsole.NewSocketPath("com2"), monitor = HostConsole.NewSocketPath("mon");
        string log = Path.Combine(Path.GetTempPath(), $"minix3-console-{Guid.NewGuid():N}.log");
        try
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(110);
            Task<string> serialSide = Task.Run(() => TalkOverCom2(com2, deadline));
            Task<string> keyboardSide = Task.Run(() => PressKeys(monitor, log, deadline));
            var run = GuestRun.Qemu("start=monitor,serial,keyboard,consoleclient exit_when=consoleclient", image: GuestRun.TestImage, timeoutSeconds: 120,
                com2Socket: com2, monitorSocket: monitor, serialLog: log);
            AssertSerial(run, serialSide.Result);
            Assert.That(keyboardSide.Result, Is.EqualTo("done"), "the host's side of the keyboard conversation");
            AssertKeyboard(run);
            GuestRun.Line(run, @"^\[consoleclient\] consoleclient: all checks passed$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(com2);
            File.Delete(monitor);
            File.Delete(log);
        }
    }

    private static void AssertSerial(BootResult run, string fromGuest)
    {
        GuestRun.Line(run, @"^\[serial\] serial: COM2 at 0x2f8, IRQ 3, 115200 8N1$");
        Assert.That(fromGuest, Is.EqualTo(Greeting + StillServing + FloodOver + Waiting + Done), "what the guest wrote to COM2, in order");
        GuestRun.Line(run, @"^\[consoleclient\] consoleclient: serial received: " + Regex.Escape(HostLine.Replace("\n", @"\n")) + "$");
        GuestRun.Line(run, $@"^\[consoleclient\] consoleclient: flood buffered={SerialRing} dropped={FloodBytes - SerialRing} capacity={SerialRing}$");
        GuestRun.Line(run, @"^\[consoleclient\] consoleclient: serial received after the flood: " + Regex.Escape(AfterFlood.Replace("\n", @"\n")) + "$");
        GuestRun.Line(run, @"^\[consoleclient\] consoleclient: serial received while waiting: " + Regex.Escape(WaitedFor.Replace("\n", @"\n")) + "$");
        foreach (string check in SerialChecks)
            GuestRun.Line(run, $@"^\[consoleclient\] consoleclient: {Regex.Escape(check)}: ok$");
    }

    private static void AssertKeyboard(BootResult run)
    {
        GuestRun.Line(run, @"^\[keyboard\] keyboard: PS/2 at 0x60/0x64, IRQ 1, scan code set 1$");
        GuestRun.Line(run, @"^\[consoleclient\] consoleclient: keyboard received: Hi\\n$");
        GuestRun.Line(run, @"^\[consoleclient\] consoleclient: keyboard received: A\\x04\\x1b\[A\\x08\\n$");
        GuestRun.Line(run, @"^\[consoleclient\] consoleclient: keyboard received while waiting: ok\\n$");
        foreach (string check in KeyboardChecks)
            GuestRun.Line(run, $@"^\[consoleclient\] consoleclient: {Regex.Escape(check)}: ok$");
    }

    // The host's end of COM2: each step waits for the guest's line before
    // sending: a line to read, a flood past the driver's ring, a line after
    // the flood, a line for a read already waiting. Returns all it read.
    private static string TalkOverCom2(string socket, DateTime deadline)
    {
        using HostConsole com2 = HostConsole.Connect(socket, deadline);
        var flood = new char[FloodBytes];
        for (int i = 0; i < FloodBytes; i++)
            flood[i] = (char)('a' + i % 26);
        var steps = new[] { (Greeting, HostLine), (StillServing, new string(flood)), (FloodOver, AfterFlood), (Waiting, WaitedFor) };
        foreach (var (wait, send) in steps)
        {
            if (!com2.ReadUntil(wait, deadline))
                return com2.Received;
            com2.Send(send);
        }
        com2.ReadUntil(Done, deadline);
        return com2.Received;
    }

    // The host's hands on the keyboard: each batch of keys once the client
    // says it is ready for it. "done", or what went wrong.
    private static string PressKeys(string socket, string log, DateTime deadline)
    {
        using HostConsole monitor = HostConsole.Connect(socket, deadline);
        foreach (var (ready, keys) in new[] { ("keyboard ready", FirstKeys), ("keyboard ready again", SecondKeys), ("keyboard waiting", WaitedKeys) })
        {
            if (!HostConsole.WaitForLogLine(log, $@"^\[consoleclient\] consoleclient: {ready}$", deadline))
                return $"no \"{ready}\" line in the log";
            foreach (string key in keys)
            {
                if (!monitor.Command("sendkey " + key, deadline))
                    return $"the monitor did not take sendkey {key}";
            }
        }
        return "done";
    }
}
