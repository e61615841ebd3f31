using System;
using System.IO;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The whole system on a root disk that is not a file system (all zeros):
// FS says why it cannot mount and keeps answering, PM falls back to the
// boot image's copy of sh, and the shell on the serial terminal works and
// reports the broken disk as an error, not a crash. Nothing else stops.
[TestFixture]
public class CorruptRootDiskTests
{
    [Test]
    public void TheSystemStillOffersAShellAndReportsTheDiskAsAnError()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-corrupt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string com2 = HostConsole.NewSocketPath("com2");
        try
        {
            string disk = Path.Combine(directory, "zeros.img");
            File.WriteAllBytes(disk, new byte[16 * 1008 * 512]);
            string conversation = "";
            var talk = System.Threading.Tasks.Task.Run(() =>
            {
                DateTime deadline = DateTime.UtcNow.AddSeconds(80);
                using HostConsole console = HostConsole.Connect(com2, deadline);
                bool prompt = console.ReadUntil("# ", deadline);
                int from = console.Received.Length;
                console.Send("echo alive; cat /etc/rc; echo status=$?\n");
                bool answered = console.ReadUntil("status=", deadline, from) && console.ReadUntil("\n# ", deadline, from);
                console.Send("shutdown\n");
                console.ReadUntil("powering off", deadline);
                conversation = console.Received;
                return prompt && answered;
            });
            var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 90, disk: disk, com2Socket: com2);

            Assert.That(talk.Result, Is.True, "a prompt and an answer; the conversation:\n" + conversation);
            GuestRun.Line(run, @"^\[fs\] fs: .*mount failed");
            Assert.That(conversation, Does.Match(@"(?m)^alive$"));
            Assert.That(conversation, Does.Match(@"(?m)^status=(1|127)$"), "cat fails with a status, the shell goes on");
            Assert.That(conversation, Does.Contain("shutdown"), "shutdown still runs (from the boot image)");
            Assert.That(run.SerialLog, Does.Not.Contain("panicked"));
            Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC"));
            Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered off cleanly");
        }
        finally
        {
            File.Delete(com2);
            Directory.Delete(directory, true);
        }
    }
}
