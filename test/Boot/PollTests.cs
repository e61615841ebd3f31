using System;
using System.IO;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// poll(2) through VFS (src/Servers/Vfs Core/PollEngine.cs): pollprobe
// (test/Components/PollProbe) polls pipes (timeout 0, readable, hang-up),
// a closed descriptor (Invalid), an empty pipe with a 300 ms timeout (the
// guest's own uptime must show at least that much passed), /dev/null
// (memory's Select), and the serial terminal with an empty pipe, held
// until the host types a line: tty's Select answers, VFS wakes the poll
// with only the terminal ready, and the line is then read whole. Then a
// cloning device (the test image's /dev/helloclone: hello's minor 0, whose
// Open answers 0, the new minor) opened through its driver, read, polled,
// dup'd and closed, and TransferFlags refused where they do not apply.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class PollTests
{
    private static readonly string[] s_checks =
    {
        "pipe", "empty-pipe-timeout-0", "write-pipe", "pipe-readable", "pipe-write-end-writable", "read-pipe",
        "closed-invalid", "timeout-passed", "device-ready", "open-tty00", "tty-writable-not-readable", "tty-poll-times-out", "tty-after-cancel",
        "terminal-wakes-poll", "line-read", "line-taken", "hang-up",
        "clone-open", "clone-fstat", "clone-read", "clone-read-flags", "clone-unknown-flag", "clone-poll",
        "clone-second-open", "clone-dup", "clone-close", "pipe-flags-refused",
    };

    [Test]
    public void PollWaitsForPipesTerminalsAndTimeouts()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-poll-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string com2 = HostConsole.NewSocketPath("com2");
        string log = Path.Combine(directory, "serial.log");
        try
        {
            var image = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib: 64);
            DateTime deadline = DateTime.UtcNow.AddSeconds(150);
            Task<string> user = Task.Run(() =>
            {
                using HostConsole terminal = HostConsole.Connect(com2, deadline);
                if (!terminal.ReadUntil("pollprobe: type a line\n", deadline))
                    return "no prompt: " + terminal.Received;
                // Type only once the poll is held in VFS (its marker is
                // printed just before the call; the line must wake it).
                if (!HostConsole.WaitForLogLine(log, @"^\[pollprobe\] pollprobe: polling the terminal and a pipe$", deadline))
                    return "the probe never polled the terminal";
                terminal.Send("poll typed\r");
                terminal.ReadUntil("pollprobe: done\n", deadline);
                return terminal.Received;
            });
            var run = GuestRun.Qemu("start=monitor,ata,fs,memory,hello,keyboard,serial,tty,vfs,pollprobe exit_when=pollprobe",
                image: GuestRun.TestImage, timeoutSeconds: 160, disk: image.Path, com2Socket: com2, serialLog: log);

            Assert.That(user.Result, Does.EndWith("pollprobe: type a line\npoll typed\npollprobe: done\n"), "what the terminal showed");
            foreach (string check in s_checks)
                GuestRun.Line(run, $@"^\[pollprobe\] pollprobe: {check}: ok$");
            GuestRun.Line(run, @"^\[pollprobe\] pollprobe: timeout poll answered 0 after \d+ ms$");
            GuestRun.Line(run, @"^\[pollprobe\] pollprobe: all checks passed$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(com2);
            Directory.Delete(directory, recursive: true);
        }
    }
}
