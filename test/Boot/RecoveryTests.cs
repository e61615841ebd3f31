using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Recovery by script and live update on the whole system, typed on the
// serial terminal. Hello's policy names the paper's Figure 3 script
// (/etc/rs/backoff.sh, packed in the boot image as printed): RS has PM run
// it with sh, it sleeps 2^(repetition-1) seconds and says `service restart
// hello`. Hello's counter, kept in DS, shows that state survives each
// crash, a live update, and an update that fails and is rolled back.
[TestFixture]
public class RecoveryTests
{
    private static readonly string[] Commands =
    {
        "cat /dev/hello",
        "service fi hello crash; service status",                 // 1: the script sleeps 1 s
        "sleep 2; cat /dev/hello",
        "service fi hello crash; sleep 1; service status",        // 3: repetition 2: it sleeps 2 s
        "sleep 2; cat /dev/hello",
        "service update hello; echo st=$?",                       // 5: reason 6: no sleep
        "cat /dev/hello",
        "service update hello /bin/echo; echo st=$?",             // 7: not hello: rolled back
        "cat /dev/hello; service status",
        "service down hello; service up hello -noscript -period 500; echo st=$?",
        "service fi hello crash; sleep 1; cat /dev/hello",        // 10: restarted by the policy
        "service refresh memory; echo st=$?",
        "service update nope; echo st=$?",
        "service up hello -period x; echo st=$?",
        "service up hello -script /etc/nothing.sh; echo st=$?",
        "service down pm; echo st=$?",                            // 15: critical: refused
    };

    private static List<string> s_answers = new();
    private static Launcher.BootResult? s_run;

    [OneTimeSetUp]
    public void Boot()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-recovery-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string com2 = HostConsole.NewSocketPath("com2");
        try
        {
            string disk = Path.Combine(directory, "root.img");
            File.Copy(GuestRun.Image.RootDisk, disk);
            var talk = System.Threading.Tasks.Task.Run(() => HostConsole.ShellSession(com2, Commands, DateTime.UtcNow.AddSeconds(100)));
            s_run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 120, disk: disk, com2Socket: com2);
            s_answers = talk.Result;
        }
        finally
        {
            File.Delete(com2);
            Directory.Delete(directory, true);
        }
    }

    private static string Answer(int index)
    {
        Assert.That(s_answers, Has.Count.GreaterThan(index), "the session got this far:\n" + string.Join("", s_answers));
        return s_answers[index];
    }

    [Test]
    public void Figure3RestartsACrashedDriverWithExponentialBackoff()
    {
        Assert.That(Answer(0), Does.Contain("Hello, World! (1)"));
        Assert.That(Answer(1), Does.Match(@"(?m)^hello\s+\d+\s+recovering\s+1\s+panic\s+\d+\.\d{3}s$"), "down while its script sleeps");
        Assert.That(Answer(2), Does.Contain("Hello, World! (2)"), "back, and the count survived the crash");
        Assert.That(Answer(3), Does.Match(@"(?m)^hello\s+\d+\s+recovering\s+2\s+panic"), "a second failure: the script sleeps 2 s");
        Assert.That(Answer(4), Does.Contain("Hello, World! (3)"));
        GuestRun.Line(s_run!, @"^\[rs\] rs: running the recovery script of hello \(reason panic, repetition 1\), pid \d+$");
        GuestRun.Line(s_run!, @"^\[rs\] rs: running the recovery script of hello \(reason panic, repetition 2\), pid \d+$");
        GuestRun.Line(s_run!, @"^\[rs\] rs: restarted hello \(reason panic, repetition 2\), endpoint \d+$");
    }

    [Test]
    public void ALiveUpdateHandsTheStateAcross()
    {
        Assert.That(Answer(5), Does.Match(@"(?m)^st=0$"));
        Assert.That(Answer(6), Does.Contain("Hello, World! (4)"));
        GuestRun.Line(s_run!, @"^\[rs\] rs: running the recovery script of hello \(reason update, repetition \d+\), pid \d+$");
        GuestRun.Line(s_run!, @"^\[hello\] hello: updated");
        GuestRun.Line(s_run!, @"^\[rs\] rs: update of hello done: the new version runs$");
    }

    [Test]
    public void AnUpdateThatFailsToStartIsRolledBack()
    {
        Assert.That(Answer(7), Does.Contain("rolled back"));
        Assert.That(Answer(7), Does.Match(@"(?m)^st=1$"));
        Assert.That(Answer(8), Does.Contain("Hello, World! (5)"), "the old version runs again, with its state");
        Assert.That(Answer(8), Does.Match(@"(?m)^hello\s+\d+\s+running\s"));
        GuestRun.Line(s_run!, @"^\[rs\] rs: the new version of hello failed to start \(\w+\); rolling back$");
        GuestRun.Line(s_run!, @"^\[rs\] rs: update of hello not done: the old version runs again$");
    }

    [Test]
    public void UpOptionsReplaceTheScriptWithThePolicy()
    {
        Assert.That(Answer(9), Does.Match(@"(?m)^st=0$"));
        Assert.That(Answer(10), Does.Contain("Hello, World! (6)"));
        // `up` starts it with a clean record: this crash is the first again.
        GuestRun.Line(s_run!, @"^\[rs\] rs: restarted hello \(reason panic, repetition 1\), endpoint \d+$");
        int scripted = System.Text.RegularExpressions.Regex.Matches(s_run!.SerialLog, @"running the recovery script of hello \(reason panic").Count;
        Assert.That(scripted, Is.EqualTo(2), "only the two crashes before -noscript ran the script");
    }

    [Test]
    public void RefreshAndBadRequests()
    {
        Assert.That(Answer(11), Does.Match(@"(?m)^st=0$"));
        Assert.That(Answer(12), Does.Contain("no supervised component of that name"));
        Assert.That(Answer(12), Does.Match(@"(?m)^st=1$"));
        Assert.That(Answer(13), Does.Match(@"(?m)^st=2$"), "a usage error");
        Assert.That(Answer(14), Does.Match(@"(?m)^service: /etc/nothing\.sh: "), "the file named once, not the program twice");
        Assert.That(Answer(14), Does.Match(@"(?m)^st=1$"));
        Assert.That(Answer(15), Does.Contain("critical component"));
        Assert.That(Answer(15), Does.Match(@"(?m)^st=1$"), "PM is critical: RS does not end it");
        GuestRun.Line(s_run!, @"^\[rs\] rs: restarted memory \(reason requested, repetition 0\), endpoint \d+$");
        Assert.That(s_run!.ExitCode, Is.EqualTo(0));
    }
}
