using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The issue's experiment "kill each driver in turn while in use: it comes
// back and its users carry on", on the whole system. `service fi <label>
// crash` makes the driver panic; RS starts a new one and publishes it in
// DS, and its users take it back: TTY (serial, keyboard), VFS (memory,
// hello) and FS (ata). Every case checks what the user sees and RS's log.
// The same drivers made to hang instead, found by RS's heartbeat: HeartbeatTests.
[TestFixture]
public class DriverRestartTests
{
    // On the serial terminal: the terminal itself (serial), the disk (ata),
    // the RAM disk with /dev/null and /dev/zero (memory), and /dev/hello.
    [Test]
    public void EachDriverKilledInTurnComesBackAndItsUsersCarryOn()
    {
        using var scratch = new GuestScratch("restart");
        string directory = scratch.Directory, disk = scratch.Disk, com2 = scratch.Com2;
        byte[] ram = TestBytes.Random(64 << 10, seed: 0xDA3);
        byte[] data = TestBytes.Random(512 << 10, seed: 0xA7A);
        var image = new HostFatImage(disk);
        image.Put("/ram.bin", ram);
        image.Put("/data.bin", data);
        string ramCrc = Cksum(directory, "ram.bin", ram);
        string dataCrc = Cksum(directory, "data.bin", data);
        string zerosCrc = Cksum(directory, "zeros.bin", new byte[64 << 10]);

        string[] commands =
        {
            "service fi serial crash; echo after-serial",
            "echo typed-after-the-crash",
            "service fi ata crash; cksum /data.bin",
            "cp /ram.bin /dev/ram; cksum /dev/ram",
            "service fi memory crash; cksum /dev/ram",
            "echo gone > /dev/null; echo null=$?",
            "cat /dev/zero > /dev/ram; cksum /dev/ram",
            "cat /dev/hello",
            "service fi hello crash; cat /dev/hello",
            "cat /dev/hello",
        };
        var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(com2, commands, DateTime.UtcNow.AddSeconds(80)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 100, disk: disk, com2Socket: com2);
        List<string> answers = talk.Result;

        Assert.That(answers, Has.Count.EqualTo(commands.Length), "every command answered:\n" + string.Join("", answers));
        Assert.That(answers[0], Does.Match(@"(?m)^after-serial$"), "output after the serial driver's crash");
        Assert.That(answers[1], Does.StartWith("echo typed-after-the-crash\n"), "typing reaches the new serial driver and is echoed");
        Assert.That(answers[1], Does.Match(@"(?m)^typed-after-the-crash$"));
        Assert.That(answers[2], Does.Match($@"(?m)^{dataCrc} {data.Length} /data\.bin$"), "read intact across a panic of ata");
        Assert.That(answers[3], Does.Match($@"(?m)^{ramCrc} {ram.Length} /dev/ram$"), "the RAM disk holds what was copied");
        Assert.That(answers[4], Does.Match($@"(?m)^{ramCrc} {ram.Length} /dev/ram$"), "the RAM disk survives its driver's crash");
        Assert.That(answers[5], Does.Match(@"(?m)^null=0$"), "/dev/null after the crash");
        Assert.That(answers[6], Does.Contain("No space left on device"), "the RAM disk ends where it ends");
        Assert.That(answers[6], Does.Match($@"(?m)^{zerosCrc} {ram.Length} /dev/ram$"), "/dev/zero filled it");
        Assert.That(answers[7], Does.Match(@"(?m)^Hello, World!"));
        Assert.That(answers[8], Does.Match(@"(?m)^Hello, World!"), "hello answers again after its crash");
        Assert.That(answers[9], Does.Match(@"(?m)^Hello, World!"));
        foreach (string label in new[] { "serial", "ata", "memory", "hello" })
        {
            GuestRun.Line(run, $@"^\[{label}\] panicked: fault injected: crash$");
            GuestRun.Line(run, $@"^\[rs\] rs: restarted {label} \(reason \w+, repetition \d+\)");
        }
        GuestRun.Line(run, @"^\[tty\] tty: serial came back as endpoint \d+$");
        GuestRun.Line(run, @"^\[memory\] memory: /dev/ram taken back from ds \(16 blocks\)$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // On the VGA console: the keyboard driver panics after the command
    // that killed it is typed; keys typed afterwards reach the shell.
    [Test]
    public void TheConsoleTakesKeysAfterTheKeyboardDriverIsKilled()
    {
        using var scratch = new GuestScratch("keyboard");
        string disk = scratch.Disk, monitorSocket = scratch.Monitor, log = scratch.Log;
        string problem = "";
        string[] screen = Array.Empty<string>();
        var user = System.Threading.Tasks.Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(80);
            using HostConsole monitor = HostConsole.Connect(monitorSocket, deadline);
            if (!HostConsole.WaitForLogLine(log, @"^\[sh\] sh: prompting on a terminal", deadline))
                return problem = "no shell prompted";
            if (!monitor.WaitForScreen(rows => rows.Any(r => r.EndsWith("#")), deadline, out screen))
                return problem = "no prompt on the screen";
            if (!monitor.TypeText("service fi keyboard crash\n", deadline))
                return problem = "sendkey failed";
            if (!HostConsole.WaitForLogLine(log, @"^\[tty\] tty: keyboard came back as endpoint \d+$", deadline))
                return problem = "tty never reconnected to a new keyboard driver";
            if (!monitor.TypeText("echo keys after the crash\n", deadline))
                return problem = "sendkey failed";
            if (!monitor.WaitForScreen(rows => rows.Contains("keys after the crash"), deadline, out screen))
                return problem = "keys typed after the crash never ran";
            monitor.TypeText("shutdown\n", deadline);
            return problem;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 90, disk: disk, monitorSocket: monitorSocket, serialLog: log);

        Assert.That(user.Result, Is.Empty, "the screen:\n" + string.Join("\n", screen));
        // RS's own console line may sit between the prompt and the echo.
        Assert.That(screen.Any(row => row.EndsWith("echo keys after the crash")), "the line typed after the crash was echoed");
        GuestRun.Line(run, @"^\[keyboard\] panicked: fault injected: crash$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted keyboard \(reason \w+, repetition \d+\)");
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown typed at the console powered off");
    }

    // Output in flight when the serial driver dies: a long cat to the
    // serial terminal, and `service fi serial crash` typed on the console
    // once the output is under way. TTY's write that meets the dead driver
    // waits for its successor and goes out again: every line arrives, in
    // order (a line may come twice: a write is repeated whole).
    [Test]
    public void SerialOutputInFlightWhenTheDriverDiesIsNotLost()
    {
        using var scratch = new GuestScratch("output");
        string directory = scratch.Directory, disk = scratch.Disk, com2 = scratch.Com2, monitorSocket = scratch.Monitor, log = scratch.Log;
        const int Lines = 40000;
        new HostFatImage(disk).Put("/lines.txt", System.Text.Encoding.ASCII.GetBytes(
            string.Concat(Enumerable.Range(1, Lines).Select(i => $"line {i:D6}\n"))));
        string output = "", problem = "";
        string[] screen = Array.Empty<string>();
        var user = System.Threading.Tasks.Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(80);
            // COM2 first: QEMU waits for it before it starts (the monitor does not wait).
            using HostConsole console = HostConsole.Connect(com2, deadline);
            using HostConsole monitor = HostConsole.Connect(monitorSocket, deadline);
            if (!console.ReadUntil("# ", deadline))
                return problem = "no prompt on the serial terminal";
            if (!monitor.WaitForScreen(rows => rows.Any(r => r.EndsWith("#")), deadline, out screen))
                return problem = "no prompt on the screen";
            int from = console.Received.Length;
            console.Send("cat /lines.txt\n");
            if (!console.ReadUntil("line 001000\n", deadline, from))
                return problem = "the output never started";
            if (!monitor.TypeText("service fi serial crash\n", deadline))
                return problem = "sendkey failed";
            bool done = console.ReadUntil("\n# ", deadline, from);
            output = console.Received.Substring(from);
            if (!done)
                return problem = "cat never finished";
            console.Send("shutdown\n");
            console.ReadUntil("powering off", deadline);
            return problem;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 90, disk: disk, com2Socket: com2, monitorSocket: monitorSocket,
            serialLog: log);

        Assert.That(user.Result, Is.Empty, "the screen:\n" + string.Join("\n", screen));
        int next = 1, repeated = 0;
        foreach (string line in output.Split('\n').Where(l => l.StartsWith("line ")))
        {
            int number = int.Parse(line.Substring(5));
            if (number == next)
                next++;
            else if (number < next)
                repeated++;
            else
                Assert.Fail($"line {next} was lost (line {number} came next)");
        }
        Assert.That(next, Is.EqualTo(Lines + 1), "every line arrived");
        Assert.That(repeated, Is.LessThan(100), "at most a repeated write's worth of lines");
        GuestRun.Line(run, @"^\[serial\] panicked: fault injected: crash$");
        GuestRun.Line(run, @"^\[tty\] tty: serial came back as endpoint \d+$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    private static string Cksum(string directory, string name, byte[] contents)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, contents);
        return HostTool.MustRun("cksum", "coreutils", path).Split(' ')[0];
    }

    // QEMU's sendkey names for the characters the commands use.
}
