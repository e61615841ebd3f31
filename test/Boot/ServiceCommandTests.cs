using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// `service` on the whole system, typed on the serial terminal: status,
// faults injected into the disk driver while files are read (a panic, a
// bad memory access), a requested restart of the memory driver, and bad
// requests. Every read still gives the host's checksum, and status shows
// the restarts with their last reason.
[TestFixture]
public class ServiceCommandTests
{
    [Test]
    public void FaultsInjectedIntoDriversAreRecoveredAndShownByStatus()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-service-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string com2 = HostConsole.NewSocketPath("com2");
        try
        {
            string disk = Path.Combine(directory, "root.img");
            File.Copy(GuestRun.Image.RootDisk, disk);
            byte[] data = TestBytes.Random(2 << 20, seed: 0x5E41);
            new HostFatImage(disk).Put("/data.bin", data);
            string dataOnHost = Path.Combine(directory, "data.bin");
            File.WriteAllBytes(dataOnHost, data);
            string crc = HostTool.MustRun("cksum", "coreutils", dataOnHost).Split(' ')[0];

            string[] commands =
            {
                "service status",
                "service fi ata crash; cksum /data.bin",
                "service fi ata memory; cksum /data.bin",
                "service restart memory; sleep 1; echo gone > /dev/null; echo status=$?",
                "service fi nope crash; echo status=$?",
                "service frobnicate; echo status=$?",
                "service status",
            };
            var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(com2, commands, DateTime.UtcNow.AddSeconds(100)));
            var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 120, disk: disk, com2Socket: com2);
            List<string> answers = talk.Result;

            Assert.That(answers, Has.Count.EqualTo(commands.Length), "every command answered:\n" + string.Join("", answers));
            Assert.That(answers[0], Does.Match(@"(?m)^ata\s+\d+\s+running\s+0\s+-\s+-$"));
            Assert.That(answers[1], Does.Match($@"(?m)^{crc} {data.Length} /data\.bin$"), "read intact across a panic of ata");
            Assert.That(answers[2], Does.Match($@"(?m)^{crc} {data.Length} /data\.bin$"), "read intact across a page fault in ata");
            Assert.That(answers[3], Does.Match(@"(?m)^status=0$"), "the restarted memory driver serves /dev/null");
            Assert.That(answers[4], Does.Contain("no supervised component of that name"));
            Assert.That(answers[4], Does.Match(@"(?m)^status=1$"));
            Assert.That(answers[5], Does.Match(@"(?m)^status=2$"), "a usage error");
            Assert.That(answers[6], Does.Match(@"(?m)^ata\s+\d+\s+running\s+2\s+exception\s+\d+\.\d{3}s$"), "two restarts, the last for a CPU exception");
            Assert.That(answers[6], Does.Match(@"(?m)^memory\s+\d+\s+running\s+0\s+-\s+-$"), "a requested restart is not a failure");
            GuestRun.Line(run, @"^\[ata\] panicked: fault injected: crash$");
            GuestRun.Line(run, @"^\[ata\] stopped by CPU exception #PF");
            GuestRun.Line(run, @"^\[rs\] rs: restarted ata \(reason panic, repetition 1\), endpoint \d+$");
            GuestRun.Line(run, @"^\[rs\] rs: restarted ata \(reason exception, repetition 2\), endpoint \d+$");
            GuestRun.Line(run, @"^\[rs\] rs: restarted memory \(reason requested, repetition 0\), endpoint \d+$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(com2);
            Directory.Delete(directory, true);
        }
    }
}
