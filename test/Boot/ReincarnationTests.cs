using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The reincarnation server (src/Servers/Rs), first step: it takes charge of
// the components whose manager it is and restarts one that dies, from the
// boot image with its own table, by the declarative policy (`restart
// limit=3 window=60s`): at once, then backing off, then stopping it.
// test/Components: crashonce panics on its first start only; flaky on
// every start; rsprobe is crashonce's client and must be answered.
[TestFixture]
public class ReincarnationTests
{
    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=monitor,ds,rs,flaky,crashonce,rsprobe exit_when=rsprobe", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    [Test]
    public void ACrashedComponentIsRestartedAndItsClientIsAnswered()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[rs\] rs: restarted crashonce \(reason panic, repetition 1\), endpoint \d+$");
        GuestRun.Line(run, @"^\[crashonce\] crashonce: instance 2 \(restart\)$");
        GuestRun.Line(run, @"^\[rsprobe\] rsprobe: crashonce answers at endpoint \d+$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void RestartsBackOffThenStopAtThePolicysLimit()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[rs\] rs: restarted flaky \(reason panic, repetition 1\)");
        GuestRun.Line(run, @"^\[rs\] rs: flaky ended \(panic, status \d+\); restart 2 in 100 ms$");
        GuestRun.Line(run, @"^\[rs\] rs: flaky ended \(panic, status \d+\); restart 3 in 200 ms$");
        GuestRun.Line(run, @"^\[rs\] rs: flaky failed 4 times within its window \(panic\); stopped, not restarted$");
        Assert.That(run.SerialLog, Does.Not.Contain("flaky: instance 5"), "no restart after the limit");
    }
}
