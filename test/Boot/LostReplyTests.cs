using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// A driver that takes a request and never answers it, while it still
// answers RS's heartbeats (`service fi LABEL lose`; swifi's mutations make
// such drivers): no heartbeat can see it, so its client's deadline must.
// FS gives ata 4 s per request, VFS a device that never waits for input
// the same, TTY the serial driver's writes, inet a NIC's sends; then the
// client complains, RS replaces the driver and the request goes to the
// successor: the user sees a pause, not a hang or an error.
[TestFixture]
public class LostReplyTests
{
    [Test]
    public void ALostRequestIsComplainedAboutAndRepeatedOnTheSuccessor()
    {
        using var scratch = new GuestScratch("lost");
        string directory = scratch.Directory, disk = scratch.Disk, com2 = scratch.Com2;
        byte[] data = TestBytes.Random(256 << 10, seed: 0x105E);
        byte[] ram = TestBytes.Random(64 << 10, seed: 0x105F);
        var image = new HostFatImage(disk);
        image.Put("/data.bin", data);
        image.Put("/ram.bin", ram);
        string dataCrc = Cksum(directory, "data.bin", data), ramCrc = Cksum(directory, "ram.bin", ram);

        string[] commands =
        {
            "service fi ata lose; cksum /data.bin",
            "service fi hello lose; cat /dev/hello",
            "cp /ram.bin /dev/ram; service fi memory lose; cksum /dev/ram",
            "service fi serial lose; echo after-serial-lose",
            "service status",
        };
        var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(com2, commands, DateTime.UtcNow.AddSeconds(90)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 110, disk: disk, com2Socket: com2);
        List<string> answers = talk.Result;

        Assert.That(answers, Has.Count.EqualTo(commands.Length), "every command answered:\n" + string.Join("", answers) + "\n" + run.SerialLog);
        Assert.That(answers[0], Does.Match($@"(?m)^{dataCrc} {data.Length} /data\.bin$"), "the read is whole after ata lost a request");
        Assert.That(answers[1], Does.Match(@"(?m)^Hello, World!"), "/dev/hello answers after hello lost a call");
        Assert.That(answers[2], Does.Match($@"(?m)^{ramCrc} {ram.Length} /dev/ram$"), "the RAM disk after memory lost a call");
        Assert.That(answers[3], Does.Match(@"(?m)^after-serial-lose$"), "the terminal's output after serial lost a write");
        foreach (string label in new[] { "ata", "hello", "memory", "serial" })
        {
            Assert.That(answers[4], Does.Match($@"(?m)^{label}\s+\d+\s+running\s+1\s+complaint\s"), label + " was replaced once, on its client's complaint");
            GuestRun.Line(run, $@"^\[rs\] rs: restarted {label} \(reason complaint, repetition \d+\)");
        }
        GuestRun.Line(run, @"^\[fs\] fs: ata did not answer a request within 4000 ms; complained to rs: status 0$");
        GuestRun.Line(run, @"^\[vfs\] vfs: hello did not answer a call on /dev/hello within 4000 ms; complained to rs: status 0$");
        GuestRun.Line(run, @"^\[tty\] tty: serial did not answer a write within 4000 ms; complained to rs: status 0$");
        GuestRun.Line(run, @"^\[vfs\] vfs: memory did not answer a call on /dev/ram within 4000 ms; complained to rs: status 0$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // inet holds a send unanswered for 4 s with the link up against the
    // NIC's driver. The frame itself went out (only its answer is lost),
    // so the download completes at once; the held send slot is what inet
    // finds, and the next download goes through the successor.
    [Test]
    public void AnEthernetDriverThatLosesASendIsComplainedAboutByInet()
    {
        using var scratch = new GuestScratch("lost-eth");
        string served = Path.Combine(scratch.Directory, "www");
        Directory.CreateDirectory(served);
        File.WriteAllText(Path.Combine(served, "small.txt"), "a small page\n");
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(120), DiskImage = scratch.Disk, SerialLogPath = scratch.Log, Com2Socket = scratch.Com2,
            Network = new GuestNetwork { Nic = NicModel.E1000, ServeDirectory = served },
        };
        DateTime deadline = DateTime.UtcNow.AddSeconds(110);
        Task<BootResult> boot = Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "exit", null));
        string fetched;
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        {
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 dhcp lease 10\.0\.2\.15", deadline), Is.True, "a lease");
            shell.Run("service fi e1000 lose; echo fi=$?");
            fetched = shell.Run("wget -q -O - http://host.minix/small.txt; echo status=$?");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[rs\] rs: restarted e1000 \(reason complaint, ", deadline), Is.True,
                "RS replaced e1000 on inet's complaint:\n" + File.ReadAllText(scratch.Log));
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 driver restarted, reopened; ", deadline), Is.True, "inet reopened");
            fetched += shell.Run("wget -q -O - http://host.minix/small.txt; echo status=$?");
            shell.Shutdown();
        }
        BootResult result = boot.Result;
        TestContext.Out.WriteLine(fetched + result.SerialLog);
        Assert.That(Regex.Matches(fetched, @"(?m)^a small page$"), Has.Count.EqualTo(2), "the downloads after e1000 lost a send and after its successor came:\n" + fetched);
        Assert.That(Regex.Matches(fetched, @"(?m)^status=0$"), Has.Count.EqualTo(2));
        GuestRun.Line(result, @"^\[inet\] inet: eth0 e1000 broke the protocol \(a send unanswered for 4 s\); complained to rs: status 0$");
        GuestRun.Line(result, @"^\[rs\] rs: restarted e1000 \(reason complaint, repetition \d+\)");
        Assert.That(result.TimedOut, Is.False);
    }

    private static string Cksum(string directory, string name, byte[] contents)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, contents);
        return HostTool.MustRun("cksum", "coreutils", path).Split(' ')[0];
    }
}
