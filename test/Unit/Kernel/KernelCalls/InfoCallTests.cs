using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// GetInfo, Times, DiagCtl, SetAlarm, Brk: the calls every component may be
// given. Their buffers are checked like any other, and nothing they refuse
// reaches the console or the caller's memory.
public sealed unsafe class InfoCallTests : KernelCallFixture
{
    private Process caller = null!;

    [SetUp]
    public void StartCaller() => caller = Start("caller", "kernel getinfo times diagctl setalarm brk\nquota 1M");

    // --- GetInfo ---

    [TestCase(GetInfoMessage.Processes, -1L)]
    [TestCase(GetInfoMessage.Processes, long.MinValue)]
    [TestCase(GetInfoMessage.Kernel, 4096L)]            // reserved
    [TestCase(6L, 4096L)]
    [TestCase(-1L, 4096L)]
    [TestCase(GetInfoMessage.Process, 8L)]              // a buffer smaller than one ProcessInfo
    public void AnUnknownOrMalformedRequestIsRefused(long what, long size)
    {
        AssertRefused(Status.BadArgument, caller, KernelCall.GetInfo, what, (long)Scratch, size, 0, caller.Endpoint.Value);
    }

    [TestCase(KernelAddress)]
    [TestCase(Unmapped)]
    [TestCase(Code)]                // readable, not writable
    [TestCase(DataEnd - 16)]        // the first record runs past the caller's memory
    public void AnswersAreNeverWrittenOutsideTheCallersWritableMemory(ulong buffer)
    {
        AssertRefused(Status.BadAddress, caller, KernelCall.GetInfo, GetInfoMessage.Processes, (long)buffer, 4096);
        AssertRefused(Status.BadAddress, caller, KernelCall.GetInfo, GetInfoMessage.Process, (long)buffer, 4096, 0, caller.Endpoint.Value);
    }

    [Test]
    public void TheProcessListStopsAtTheBuffersSize()
    {
        Start("second", "kernel times");
        var message = new Message { Word0 = GetInfoMessage.Processes, Word1 = (long)Scratch, Word2 = sizeof(ProcessInfo) + sizeof(ProcessInfo) - 1 };
        Assert.That(Call(caller, KernelCall.GetInfo, ref message), Is.EqualTo(Status.Ok));
        Assert.That(message.Word3, Is.EqualTo(sizeof(ProcessInfo)), "one whole record fits, not two");
        Assert.That(ReadBytes(caller, Scratch + (ulong)sizeof(ProcessInfo), sizeof(ProcessInfo) - 1), Is.All.EqualTo(0), "nothing past it");
    }

    [Test]
    public void TheProcessListDescribesEveryLiveProcessAndTheOneAskedAbout()
    {
        Process second = Start("second", "kernel times");
        var message = new Message { Word0 = GetInfoMessage.Processes, Word1 = (long)Scratch, Word2 = 4096 };
        Assert.That(Call(caller, KernelCall.GetInfo, ref message), Is.EqualTo(Status.Ok));
        Assert.That(message.Word3, Is.EqualTo(2 * sizeof(ProcessInfo)), "a record per live process, free slots skipped");
        ProcessInfo first = Read<ProcessInfo>(caller, Scratch), other = Read<ProcessInfo>(caller, Scratch + (ulong)sizeof(ProcessInfo));
        Assert.That((first.Endpoint, first.LabelText(), other.Endpoint, other.LabelText()),
            Is.EqualTo((caller.Endpoint.Value, "caller", second.Endpoint.Value, "second")));

        message = new Message { Word0 = GetInfoMessage.Process, Word1 = (long)Scratch, Word2 = 4096, Word4 = second.Endpoint.Value };
        Assert.That(Call(caller, KernelCall.GetInfo, ref message), Is.EqualTo(Status.Ok));
        Assert.That(message.Word3, Is.EqualTo(sizeof(ProcessInfo)));
        Assert.That(Read<ProcessInfo>(caller, Scratch).LabelText(), Is.EqualTo("second"));
    }

    [Test]
    public void AskingAboutAProcessThatIsNotAliveIsADeadEndpoint()
    {
        Process doomed = Start("doomed", "kernel times");
        Endpoint old = doomed.Endpoint;
        Termination.End(doomed, DefectClass.Exit, 0, 0);
        AssertRefused(Status.DeadEndpoint, caller, KernelCall.GetInfo, GetInfoMessage.Process, (long)Scratch, 4096, 0, old.Value);
        AssertRefused(Status.DeadEndpoint, caller, KernelCall.GetInfo, GetInfoMessage.Process, (long)Scratch, 4096, 0, -1);
    }

    [Test]
    public void ModuleContentsNeedBootimage()
    {
        AssertRefused(Status.NotAllowed, caller, KernelCall.GetInfo, GetInfoMessage.ModuleData, (long)Scratch, 4096, 0, 0);
        Assert.That(Console, Does.Contain("[caller] denied boot module"));
        Process loader = Start("loader", "kernel getinfo\nbootimage");
        // This machine booted with no modules: every index is out of range.
        foreach (long index in new[] { 0L, -1L, long.MaxValue, long.MinValue })
            AssertRefused(Status.BadArgument, loader, KernelCall.GetInfo, GetInfoMessage.ModuleData, (long)Scratch, 4096, 0, index);
    }

    // --- Times ---

    [Test]
    public void TimesAnswersTheClock()
    {
        var message = new Message { Word0 = -1 };
        Assert.That(Call(caller, KernelCall.Times, ref message), Is.EqualTo(Status.Ok));
        Assert.That((message.Word0, message.Word1), Is.EqualTo((0L, 1000L)));
        Assert.That(message.Word2, Is.Not.Zero);
    }

    // --- DiagCtl ---

    [TestCase(-1L)]
    [TestCase(KernelCallLimits.MaxDiagnostic + 1L)]
    [TestCase(long.MinValue)]
    [TestCase(0x1_0000_0010L)]       // 16 in the low 32 bits
    public void AMessageOfABadLengthPrintsNothing(long length)
    {
        WriteBytes(caller, Scratch, Enumerable.Repeat((byte)'x', 300).ToArray());
        AssertRefused(Status.BadArgument, caller, KernelCall.DiagCtl, (long)Scratch, length);
        Assert.That(Console, Is.Empty);
    }

    [TestCase(KernelAddress)]
    [TestCase(Unmapped)]
    [TestCase(DataEnd - 8)]
    [TestCase(ulong.MaxValue - 3)]
    public void AMessageOutsideTheCallersMemoryPrintsNothing(ulong text)
    {
        AssertRefused(Status.BadAddress, caller, KernelCall.DiagCtl, (long)text, 16);
        Assert.That(Console, Is.Empty);
    }

    [Test]
    public void AMessageIsPrintedWithTheCallersLabelAndUnprintableBytesMasked()
    {
        WriteBytes(caller, Scratch, new byte[] { (byte)'h', (byte)'i', 0x1B, (byte)'!' });
        Assert.That(Call(caller, KernelCall.DiagCtl, (long)Scratch, 4), Is.EqualTo(Status.Ok));
        Assert.That(Console, Is.EqualTo("[caller] hi?!\n"));
    }

    // --- SetAlarm ---

    [TestCase(-1L)]
    [TestCase(1_000_000_001L)]
    [TestCase(long.MinValue)]
    public void AnAlarmOutOfRangeIsRefused(long milliseconds)
    {
        Assert.That(Call(caller, KernelCall.SetAlarm, 5), Is.EqualTo(Status.Ok));
        AssertRefused(Status.BadArgument, caller, KernelCall.SetAlarm, milliseconds);
        SetAlarm.Expire(4);
        Assert.That(caller.AlarmPending, Is.False, "the earlier alarm is still set for tick 5");
        SetAlarm.Expire(5);
        Assert.That(caller.AlarmPending, Is.True);
    }
}
