using System;
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
        using var scratch = new GuestScratch("console");
        string disk = scratch.Disk, monitorSocket = scratch.Monitor, log = scratch.Log;
        string problem = "";
        string[] screen = Array.Empty<string>();
        // The screen when echo's output came (later output scrolls it away).
        string[] echoed = Array.Empty<string>();
        var user = System.Threading.Tasks.Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(80);
            using HostConsole monitor = HostConsole.Connect(monitorSocket, deadline);
            // Both shells are up once two have logged their first prompt.
            if (!HostConsole.WaitForLogLine(log, @"^\[sh\] sh: prompting on a terminal", deadline))
                return problem = "no shell prompted";
            if (!monitor.WaitForScreen(rows => rows.Any(r => r.EndsWith("#")), deadline, out screen))
                return problem = "no prompt on the screen";
            if (!monitor.TypeText("echo hi there\n", deadline))
                return problem = "sendkey failed";
            if (!monitor.WaitForScreen(rows => rows.Contains("hi there"), deadline, out screen))
                return problem = "echo's output never reached the screen";
            echoed = screen;
            if (!monitor.TypeText("ls /bin\n", deadline))
                return problem = "sendkey failed";
            if (!monitor.WaitForScreen(rows => rows.Contains("shutdown") && rows.Contains("yes"), deadline, out screen))
                return problem = "ls /bin's output never reached the screen";   // its end: the listing is longer than the screen
            // RS's decisions show on the screen, not only in the kernel's
            // serial log (the kernel leaves the screen to TTY).
            if (!monitor.TypeText("service fi hello crash\n", deadline))
                return problem = "sendkey failed";
            // The shell's next prompt and RS's line race for the screen,
            // so the line may follow a "# " on the same row.
            if (!monitor.WaitForScreen(rows => rows.Any(r => r.Contains("rs: restarted hello (reason panic, repetition 1)")), deadline, out screen))
                return problem = "RS's restart line never reached the screen";
            monitor.TypeText("shutdown\n", deadline);
            return problem;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 90, disk: disk, monitorSocket: monitorSocket, serialLog: log);

        Assert.That(user.Result, Is.Empty, "the screen:\n" + string.Join("\n", screen));
        Assert.That(echoed, Does.Contain("# echo hi there"), "the typed line was echoed after the prompt");
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown typed at the console powered off");
    }
}
