using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// A driver that takes a request and never answers it, while it still
// answers RS's heartbeats (`service fi LABEL lose`; swifi's mutations make
// such drivers): no heartbeat can see it, so its client's deadline must.
// FS gives ata 4 s per request, VFS a device that never waits for input the
// same, TTY the serial driver's writes; then the client complains, RS
// replaces the driver and the request goes to the successor: the user sees
// a pause, not a hang or an error.
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

    private static string Cksum(string directory, string name, byte[] contents)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, contents);
        return HostTool.MustRun("cksum", "coreutils", path).Split(' ')[0];
    }
}
