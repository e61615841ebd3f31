using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The shell on the VGA console of the whole system: keys go in through the
// PS/2 keyboard (QEMU's monitor, `sendkey`), the screen is read back out of
// VGA text memory. The serial terminal's shell is CommandTests' business;
// this is the other terminal init gives a shell.
[TestFixture]
public class ConsoleShellTests
{
    [Test]
    public void TheConsoleShellRunsCommandsTypedOnTheKeyboard()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-console-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string monitorSocket = HostConsole.NewSocketPath("mon");
        string log = Path.Combine(directory, "serial.log");
        try
        {
            string disk = Path.Combine(directory, "root.img");
            File.Copy(GuestRun.Image.RootDisk, disk);
            string problem = "";
            string[] screen = Array.Empty<string>();
            var user = System.Threading.Tasks.Task.Run(() =>
            {
                DateTime deadline = DateTime.UtcNow.AddSeconds(80);
                using HostConsole monitor = HostConsole.Connect(monitorSocket, deadline);
                // Both shells are up once two have logged their first prompt.
                if (!HostConsole.WaitForLogLine(log, @"^\[sh\] sh: prompting on a terminal", deadline))
                    return problem = "no shell prompted";
                if (!WaitForScreen(monitor, rows => rows.Any(r => r.EndsWith("#")), deadline, out screen))
                    return problem = "no prompt on the screen";
                if (!Type(monitor, new[] { "e", "c", "h", "o", "spc", "h", "i", "spc", "t", "h", "e", "r", "e", "ret" }, deadline))
                    return problem = "sendkey failed";
                if (!WaitForScreen(monitor, rows => rows.Contains("hi there"), deadline, out screen))
                    return problem = "echo's output never reached the screen";
                if (!Type(monitor, new[] { "l", "s", "spc", "slash", "b", "i", "n", "ret" }, deadline))
                    return problem = "sendkey failed";
                if (!WaitForScreen(monitor, rows => rows.Contains("cksum") && rows.Contains("shutdown"), deadline, out screen))
                    return problem = "ls /bin's output never reached the screen";
                // RS's decisions show on the screen, not only in the kernel's
                // serial log (the kernel leaves the screen to TTY).
                if (!Type(monitor, KeysOf("service fi hello crash"), deadline))
                    return problem = "sendkey failed";
                if (!WaitForScreen(monitor, rows => rows.Any(r => r.StartsWith("rs: restarted hello (reason panic, repetition 1)")), deadline, out screen))
                    return problem = "RS's restart line never reached the screen";
                Type(monitor, new[] { "s", "h", "u", "t", "d", "o", "w", "n", "ret" }, deadline);
                return problem;
            });
            var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 90, disk: disk, monitorSocket: monitorSocket, serialLog: log);

            Assert.That(user.Result, Is.Empty, "the screen:\n" + string.Join("\n", screen));
            Assert.That(screen, Does.Contain("# echo hi there"), "the typed line was echoed after the prompt");
            Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown typed at the console powered off");
        }
        finally
        {
            File.Delete(monitorSocket);
            Directory.Delete(directory, true);
        }
    }

    // QEMU's sendkey names for a line of lower-case letters and spaces, then Enter.
    private static string[] KeysOf(string line) =>
        line.Select(c => c == ' ' ? "spc" : c.ToString()).Append("ret").ToArray();

    private static bool Type(HostConsole monitor, string[] keys, DateTime deadline) =>
        keys.All(key => monitor.Command("sendkey " + key, deadline));

    private static bool WaitForScreen(HostConsole monitor, Func<string[], bool> done, DateTime deadline, out string[] screen)
    {
        screen = Array.Empty<string>();
        while (DateTime.UtcNow < deadline)
        {
            screen = monitor.ReadScreen(deadline) ?? screen;
            if (done(screen))
                return true;
            System.Threading.Thread.Sleep(100);
        }
        return false;
    }
}
