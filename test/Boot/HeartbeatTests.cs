using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Items 4 and 5 of issue 12: every driver has a heartbeat, and no spinning
// component can starve its supervisor. `service fi LABEL hang` makes a
// driver's library spin in an endless loop, which neither crashes nor
// exits: only RS's heartbeat finds it. Each driver hangs while a program
// is using it, and must be found within two of its heartbeat periods and
// replaced, the program carrying on with correct results.
//
// "Within two periods" is read from RS's own line, in guest time: "missed
// 1 heartbeat (silent S ms, period P ms)", S being the time since the
// driver last answered, so at least the time since it began to spin. RS's
// clock and alarms go by the timer's 10 ms ticks, and RS reads the clock
// just before it sets its alarm, so the alarm may fire one tick late: the
// bound is 2 P plus one tick. The runs use QEMU -icount, so guest time
// follows the guest's instructions and a busy host cannot deliver the
// ticks late and then in a burst.
[TestFixture]
public class HeartbeatTests
{
    private const int TickMs = 10;

    // The system image: ata under a cksum (FS repeats the read in flight),
    // memory under a cksum of /dev/ram (VFS re-sends it), hello between two
    // cats (recovered by the paper's script; VFS waits for a driver it has
    // used), the serial driver under the shell typing on it, the keyboard
    // under the console's shell. None of the servers waiting on them (FS,
    // VFS, PM, TTY) may be taken for the hung driver.
    [Test]
    public void EachDriverMadeToSpinWhileInUseIsFoundWithinTwoPeriodsAndReplaced()
    {
        using var scratch = new GuestScratch("heartbeat");
        string directory = scratch.Directory, disk = scratch.Disk, com2 = scratch.Com2, monitorSocket = scratch.Monitor, log = scratch.Log;
        byte[] ram = TestBytes.Random(64 << 10, seed: 0x4EA);
        byte[] data = TestBytes.Random(512 << 10, seed: 0xBEA7);
        var image = new HostFatImage(disk);
        image.Put("/ram.bin", ram);
        image.Put("/data.bin", data);
        string ramCrc = Cksum(directory, "ram.bin", ram);
        string dataCrc = Cksum(directory, "data.bin", data);

        string[] commands =
        {
            "service fi ata hang; cksum /data.bin",
            "cp /ram.bin /dev/ram; service fi memory hang; cksum /dev/ram",
            "cat /dev/hello; service fi hello hang; cat /dev/hello",
            "service fi serial hang; echo after-serial",
            "echo typed-after-the-hang",
        };
        var answers = new string[commands.Length];
        string problem = "";
        string[] screen = Array.Empty<string>();
        var user = System.Threading.Tasks.Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(170);
            // COM2 first: QEMU waits for it before it starts (the monitor does not wait).
            using HostConsole console = HostConsole.Connect(com2, deadline);
            using HostConsole monitor = HostConsole.Connect(monitorSocket, deadline);
            if (!console.ReadUntil("# ", deadline))
                return problem = "no prompt on the serial terminal";
            if (!monitor.WaitForScreen(rows => rows.Any(r => r.EndsWith("#")), deadline, out screen))
                return problem = "no prompt on the screen";

            // The keyboard, typed on: its waiting read is in flight.
            if (!monitor.TypeText("service fi keyboard hang\n", deadline))
                return problem = "sendkey failed";
            if (!HostConsole.WaitForLogLine(log, @"^\[tty\] tty: keyboard came back as endpoint \d+$", deadline))
                return problem = "tty never reconnected to a new keyboard driver";
            if (!monitor.TypeText("echo keys after the hang\n", deadline))
                return problem = "sendkey failed";
            if (!monitor.WaitForScreen(rows => rows.Contains("keys after the hang"), deadline, out screen))
                return problem = "keys typed after the hang never ran";

            for (int i = 0; i < commands.Length; i++)
            {
                int from = console.Received.Length;
                console.Send(commands[i] + "\n");
                if (!console.ReadUntil("\n# ", deadline, from))
                    return problem = $"no prompt after '{commands[i]}': {console.Received.Substring(from)}";
                answers[i] = console.Received.Substring(from);
            }
            console.Send("shutdown\n");
            console.ReadUntil("powering off", deadline);
            return problem;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 180, disk: disk, com2Socket: com2, monitorSocket: monitorSocket,
            serialLog: log, instructionCounting: true);

        Assert.That(user.Result, Is.Empty, "the screen:\n" + string.Join("\n", screen));
        Assert.That(answers[0], Does.Match($@"(?m)^{dataCrc} {data.Length} /data\.bin$"), "read intact across ata's hang");
        Assert.That(answers[1], Does.Match($@"(?m)^{ramCrc} {ram.Length} /dev/ram$"), "the RAM disk's read, re-sent to the new memory driver");
        Assert.That(Regex.Matches(answers[2], @"(?m)^Hello, World! \(\d+\)$"), Has.Count.EqualTo(2), "hello answers before and after its hang");
        Assert.That(answers[3], Does.Match(@"(?m)^after-serial$"), "output after the serial driver's hang");
        Assert.That(answers[4], Does.StartWith("echo typed-after-the-hang\n"), "typing reaches the new serial driver and is echoed");
        Assert.That(answers[4], Does.Match(@"(?m)^typed-after-the-hang$"));
        Assert.That(screen.Any(row => row.EndsWith("echo keys after the hang")), "the line typed after the keyboard's hang was echoed");

        foreach (string label in new[] { "keyboard", "ata", "memory", "hello", "serial" })
        {
            GuestRun.Line(run, $@"^\[rs\] rs: injecting fault 2 into {label}$");
            FoundWithinTwoPeriods(run, label, expectedPeriodMs: 1000);
            GuestRun.Line(run, $@"^\[rs\] rs: restarted {label} \(reason heartbeat, repetition \d+\), endpoint \d+$");
        }
        GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
        GuestRun.Line(run, @"^\[memory\] memory: /dev/ram taken back from ds \(16 blocks\)$");
        GuestRun.Line(run, @"^\[tty\] tty: serial came back as endpoint \d+$");
        Assert.That(run.SerialLog, Does.Not.Match(@"rs: (ds|fs|vfs|pm|tty) missed"), "no server is taken for the driver it waits on");
        Assert.That(run.SerialLog, Does.Not.Contain("SYSTEM PANIC"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered off");
    }

    // The test image's hang driver runs at priority 3, the highest a
    // component RS supervises may have (RS runs at 2, and the policy
    // compiler refuses 2 or above: ImageCompilationTests). Spinning there it
    // would keep every lower priority off the CPU but RS: found within two
    // of its 500 ms periods all the same. Its client runs at the lowest
    // priority, 15, and still sends its next read to the spinning driver
    // (the scheduler lowers a process that keeps using whole quanta); that
    // read waits there and fails with the driver's end, and the client
    // repeats it on the successor: every byte checked before and after.
    // Without the demotion the client would not run again until the
    // driver is gone, its read would fail at once, and
    // read-in-flight-ends-with-the-driver would fail (it did, tried).
    [Test]
    public void ATestDriverAtTheHighestPriorityItsPolicyMayHaveIsFoundTooWhileInUse()
    {
        var run = GuestRun.Qemu("start=monitor,ds,rs,hang,hangclient exit_when=hangclient", image: GuestRun.TestImage, timeoutSeconds: 90,
            instructionCounting: true);

        GuestRun.Line(run, @"^\[hang\] hang: instance 1 \(fresh\) at priority 3$");
        GuestRun.Line(run, @"^\[rs\] rs: injecting fault 2 into hang$");
        FoundWithinTwoPeriods(run, "hang", expectedPeriodMs: 500);
        GuestRun.Line(run, @"^\[rs\] rs: restarted hang \(reason heartbeat, repetition 1\), endpoint \d+$");
        GuestRun.Line(run, @"^\[hang\] hang: instance 2 \(restart\) at priority 3$");
        foreach (string check in new[] { "found", "read-before-0", "read-before-3", "inject-hang", "read-in-flight-ends-with-the-driver",
                     "successor", "read-repeated", "read-after-5", "read-after-8" })
            GuestRun.Line(run, $@"^\[hangclient\] hangclient: {check}: ok$");
        GuestRun.Line(run, @"^\[hangclient\] hangclient: done, 0 failed$");
        Assert.That(run.SerialLog, Does.Not.Contain("hang: instance 3"), "the successor answers its pings");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // RS's line for the driver: one miss (the policies say misses=1), at the
    // policy's period, silent for at most two periods (and a tick; see the
    // top), and for at least one: a full period to answer a ping.
    private static void FoundWithinTwoPeriods(BootResult run, string label, int expectedPeriodMs)
    {
        Match kill = GuestRun.Line(run, $@"^\[rs\] rs: {label} missed 1 heartbeat \(silent (\d+) ms, period (\d+) ms\); killing it$");
        int silent = int.Parse(kill.Groups[1].Value), period = int.Parse(kill.Groups[2].Value);
        Assert.That(period, Is.EqualTo(expectedPeriodMs), $"{label}'s policy period");
        Assert.That(silent, Is.InRange(period, 2 * period + TickMs), $"{label} found within two periods of its last answer");
    }

    private static string Cksum(string directory, string name, byte[] contents)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, contents);
        return HostTool.MustRun("cksum", "coreutils", path).Split(' ')[0];
    }
}
