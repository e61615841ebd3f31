using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The shell library (src/Commands/Sh) compiled for the guest and run in ring 3
// by test/Components/ShTest: the paper's Figure 3 script as printed, the
// language features the recovery scripts lean on, and a fuzz of mutated
// scripts that must all end. The host unit tests run the same sources on the
// BCL; this run proves they behave the same on our runtime and GC.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ShellTests
{
    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=shtest exit_when=shtest", image: GuestRun.TestImage, timeoutSeconds: 120);
    }

    [Test]
    public void Figure3AndTheLanguageChecksPassInRing3()
    {
        GuestRun.Line(Run(), @"^\[shtest\] shtest: 20 passed, 0 failed$");
        Assert.That(Run().SerialLog, Does.Not.Contain("shtest: FAIL"));
    }

    [Test]
    public void TheComponentExitsCleanly()
    {
        GuestRun.Line(Run(), @"^\[shtest\] exited with status 0$");
        Assert.That(Run().ExitCode, Is.EqualTo(0));
    }
}
