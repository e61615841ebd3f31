using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The disk driver failing where the file server cannot simply wait it
// out (issue 12, items 2 and 3), on the whole system:
// - ata dies on FS's first request at mount: FS repeats it on the
//   successor RS starts, the root mounts and the shell comes from it;
// - ata dies on every start until RS stops it at its limit: reads fail
//   at once (EIO), and `service up` with a sound driver mounts the root
//   late, without a reboot;
// - ata taken down by `service down` under a mounted root: reads fail at
//   once, and come back when it is up again.
// The failures at boot are armed by RS's boot faults (the boot module
// "faults", src/Servers/Rs/BootFaults.cs): they must strike before
// anyone could type `service fi`, and they hit the real ata the image
// ships, not a test copy. Runs use -icount, and every time limit is on
// guest time, measured in the guest by `time` (the kernel's clock).
[TestFixture]
public class DiskDriverOutageTests
{
    // What `time` prints: seconds of guest time.
    private static readonly Regex Real = new(@"(?m)^real (\d+\.\d{3})$");

    // The most one failed request (here: a whole cat or cksum, fork and
    // exec included) may take while the driver is down.
    private const double MaxSecondsDown = 0.100;

    // `time` reads the kernel's clock, whose tick is its resolution: 1 ms
    // instead of the default 10 ms.
    private const string MillisecondClock = "timer_hz=1000";

    [Test]
    public void TheRootMountsWhenTheDiskDriverCrashesOnItsFirstRequest()
    {
        using var scratch = new GuestScratch("firstrequest");
        string faults = Faults(scratch, "ata first-request");
        string rc = RcChecksum(scratch);
        string[] commands = { "cksum /etc/rc", "ls /bin" };
        var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(scratch.Com2, commands, DateTime.UtcNow.AddSeconds(110)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 120, disk: scratch.Disk, com2Socket: scratch.Com2,
            modules: new[] { faults }, instructionCounting: true);
        List<string> answers = talk.Result;

        Assert.That(answers, Has.Count.EqualTo(commands.Length), "every command answered:\n" + string.Join("", answers));
        Assert.That(answers[0], Does.Match($@"(?m)^{rc} /etc/rc$"), "the root file system is mounted");
        Assert.That(answers[1], Does.Match(@"(?m)^sh$"), "/bin lists the shell");
        Match armed = GuestRun.Line(run, @"^\[rs\] rs: boot fault armed: ata first-request$");
        Match crashed = GuestRun.Line(run, @"^\[ata\] panicked: fault injected: crash on request$");
        Match restarted = GuestRun.Line(run, @"^\[rs\] rs: restarted ata \(reason panic, repetition 1\), endpoint \d+$");
        Match repeated = GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
        Match mounted = GuestRun.Line(run, @"^\[fs\] fs: mounted FAT32, \d+ free clusters$");
        Match prompt = GuestRun.Line(run, @"^\[sh\] sh: prompting on a terminal");
        Assert.That(new[] { armed.Index, crashed.Index, restarted.Index, repeated.Index, mounted.Index, prompt.Index }, Is.Ordered,
            "armed, crashed on the mount's first request, restarted, the request repeated, mounted, then the shell");
        Assert.That(run.SerialLog, Does.Not.Contain("mount failed"));
        Assert.That(run.SerialLog, Does.Not.Contain("using boot modules"), "PM ran /bin's programs from the root, not the boot image");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[ata\] panicked", RegexOptions.Multiline), Has.Count.EqualTo(1), "its successor is sound");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ADiskDriverThatCrashesOnEveryStartIsStoppedReadsFailAtOnceAndServiceUpMountsTheRoot()
    {
        using var scratch = new GuestScratch("everystart");
        string faults = Faults(scratch, "ata every-start");
        string rc = RcChecksum(scratch);
        var answers = new List<string>();
        string problem = "";
        var talk = System.Threading.Tasks.Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(230);
            using HostConsole console = HostConsole.Connect(scratch.Com2, deadline);
            if (!console.ReadUntil("# ", deadline))
                return problem = "no prompt on the serial terminal";
            // RS's decision, the marker that ata is down for good.
            if (!HostConsole.WaitForLogLine(scratch.Log, @"^\[rs\] rs: ata failed \d+ times within its window \(panic\); stopped, not restarted$", deadline))
                return problem = "rs never stopped ata";
            foreach (string command in new[]
            {
                "time cat /etc/rc; echo status=$?",
                "service status",
                "service up ata; echo up=$?",
                "cksum /etc/rc; echo status=$?",
                "service status",
            })
            {
                int from = console.Received.Length;
                console.Send(command + "\n");
                if (!console.ReadUntil("\n# ", deadline, from))
                    return problem = "no prompt after " + command;
                answers.Add(console.Received.Substring(from));
            }
            console.Send("shutdown\n");
            console.ReadUntil("powering off", deadline);
            return problem;
        });
        var run = GuestRun.Qemu(MillisecondClock, image: GuestRun.Image, timeoutSeconds: 240, disk: scratch.Disk, com2Socket: scratch.Com2,
            serialLog: scratch.Log, modules: new[] { faults }, instructionCounting: true);
        TestContext.Out.WriteLine("the serial terminal:\n" + string.Join("", answers));

        Assert.That(talk.Result, Is.Empty, "the conversation:\n" + string.Join("", answers));
        Assert.That(answers[0], Does.Contain("cat: /etc/rc: Input/output error (disk driver not running)"));
        Assert.That(answers[0], Does.Match(@"(?m)^status=1$"));
        Assert.That(Seconds(answers[0]), Has.Count.EqualTo(1).And.All.LessThanOrEqualTo(MaxSecondsDown), "the failed cat, in guest time");
        Assert.That(answers[1], Does.Match(@"(?m)^ata +\d+ +stopped +\d+ +panic "), "service status: ata stopped after panics");
        Assert.That(answers[2], Does.Match(@"(?m)^up=0$"));
        Assert.That(answers[3], Does.Match($@"(?m)^{rc} /etc/rc$"), "the root mounted without a reboot");
        Assert.That(answers[3], Does.Match(@"(?m)^status=0$"));
        Assert.That(answers[4], Does.Match(@"(?m)^ata +\d+ +running "), "service status: ata running again");
        GuestRun.Line(run, @"^\[rs\] rs: boot fault armed: ata every-start$");
        Match failed = GuestRun.Line(run, @"^\[fs\] fs: mount failed: the disk driver ata .+; mounting when it comes back$");
        Match down = GuestRun.Line(run, @"^\[fs\] fs: ata is down \(rs stopped it\); its requests fail at once until it is started again$");
        Match disarmed = GuestRun.Line(run, @"^\[rs\] rs: ata started by request; boot fault every-start disarmed$");
        Match mounted = GuestRun.Line(run, @"^\[fs\] fs: mounted FAT32, \d+ free clusters$");
        Assert.That(new[] { failed.Index, down.Index, disarmed.Index, mounted.Index }, Is.Ordered);
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered off cleanly");
    }

    [Test]
    public void WithTheDiskDriverDownReadsFailAtOnceAndGoOnWhenItIsUpAgain()
    {
        using var scratch = new GuestScratch("down");
        var image = new HostFatImage(scratch.Disk);
        string[] files = Enumerable.Range(1, 15).Select(i => $"/f{i:D2}.txt").ToArray();
        foreach (string file in files)
            image.Put(file, Encoding.ASCII.GetBytes($"line of {file}\n"));
        byte[] data = TestBytes.Random(500 << 10, seed: 0xD0A7);
        image.Put("/data.bin", data);
        string dataPath = Path.Combine(scratch.Directory, "data.bin");
        File.WriteAllBytes(dataPath, data);
        string dataCrc = HostTool.MustRun("cksum", "coreutils", dataPath).Split(' ')[0];

        // One read per command line (a terminal line holds 255 characters).
        string[] commands = new[] { "service down ata; echo down=$?" }
            .Concat(files.Select(f => "time cat " + f))
            .Concat(new[]
            {
                "time cksum /data.bin; echo status=$?",
                "service status",
                "service up ata; echo up=$?",
                "cat " + string.Join(" ", files),
                "cksum /data.bin",
                // A character driver VFS has used, taken down: its reads fail at once too.
                "cat /dev/hello",
                "service down hello; echo down=$?",
                "time cat /dev/hello; echo status=$?",
                "service up hello; echo up=$?",
                "cat /dev/hello",
            }).ToArray();
        var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(scratch.Com2, commands, DateTime.UtcNow.AddSeconds(110)));
        var run = GuestRun.Qemu(MillisecondClock, image: GuestRun.Image, timeoutSeconds: 120, disk: scratch.Disk, com2Socket: scratch.Com2,
            instructionCounting: true);
        List<string> answers = talk.Result;
        TestContext.Out.WriteLine("the serial terminal:\n" + string.Join("", answers));

        Assert.That(answers, Has.Count.EqualTo(commands.Length), "every command answered:\n" + string.Join("", answers));
        Assert.That(answers[0], Does.Match(@"(?m)^down=0$"));
        for (int i = 0; i < files.Length; i++)
        {
            Assert.That(answers[1 + i], Does.Contain($"cat: {files[i]}: Input/output error (disk driver not running)"));
            Assert.That(Seconds(answers[1 + i]), Has.Count.EqualTo(1).And.All.LessThanOrEqualTo(MaxSecondsDown),
                $"the failed read of {files[i]}, in guest time");
        }
        int next = 1 + files.Length;
        Assert.That(answers[next], Does.Contain("cksum: /data.bin: Input/output error (disk driver not running)"));
        Assert.That(answers[next], Does.Match(@"(?m)^status=1$"));
        Assert.That(Seconds(answers[next]), Has.Count.EqualTo(1).And.All.LessThanOrEqualTo(MaxSecondsDown), "the failed cksum of 500 KB");
        Assert.That(answers[next + 1], Does.Match(@"(?m)^ata +\d+ +stopped "), "service status: ata stopped");
        Assert.That(answers[next + 2], Does.Match(@"(?m)^up=0$"));
        foreach (string file in files)
            Assert.That(answers[next + 3], Does.Contain($"line of {file}\n"), "read again once ata is up");
        Assert.That(answers[next + 4], Does.Match($@"(?m)^{dataCrc} {data.Length} /data\.bin$"), "the whole file, intact");
        Assert.That(answers[next + 5], Does.Match(@"(?m)^Hello, World!"));
        Assert.That(answers[next + 6], Does.Match(@"(?m)^down=0$"));
        Assert.That(answers[next + 7], Does.Contain("cat: /dev/hello: No such device (server or driver not running)"));
        Assert.That(answers[next + 7], Does.Match(@"(?m)^status=1$"));
        Assert.That(Seconds(answers[next + 7]), Has.Count.EqualTo(1).And.All.LessThanOrEqualTo(MaxSecondsDown), "the failed read of /dev/hello");
        Assert.That(answers[next + 8], Does.Match(@"(?m)^up=0$"));
        Assert.That(answers[next + 9], Does.Match(@"(?m)^Hello, World!"), "hello answers again once it is up");
        GuestRun.Line(run, @"^\[rs\] rs: hello taken down on request$");
        GuestRun.Line(run, @"^\[rs\] rs: ata taken down on request$");
        GuestRun.Line(run, @"^\[fs\] fs: ata is down \(rs stopped it\); its requests fail at once until it is started again$");
        GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
        Assert.That(run.SerialLog, Does.Not.Contain("did not come back"), "nothing waited for a driver that was down");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // The boot module "faults" with one line, in the scratch directory.
    private static string Faults(GuestScratch scratch, string line)
    {
        string path = Path.Combine(scratch.Directory, "faults");
        File.WriteAllText(path, line + "\n");
        return path;
    }

    // "<crc> <bytes>" of the root disk's /etc/rc, as cksum prints it.
    private static string RcChecksum(GuestScratch scratch)
    {
        string path = Path.Combine(scratch.Directory, "rc");
        File.WriteAllBytes(path, new HostFatImage(scratch.Disk).Get("/etc/rc") ?? throw new InvalidOperationException("no /etc/rc on the root disk"));
        string[] words = HostTool.MustRun("cksum", "coreutils", path).Split(' ');
        return words[0] + " " + words[1];
    }

    // Every `time` report in a command's output.
    private static List<double> Seconds(string output) =>
        Real.Matches(output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
}
