using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// KernelCallTable.Dispatch, before any handler runs: the call number, the
// caller's policy (default deny) and the request message's address.
public sealed class DispatchTests : KernelCallFixture
{
    [TestCase((ulong)KernelCall.Count)]
    [TestCase((ulong)KernelCall.Count + 1)]
    [TestCase(ulong.MaxValue)]
    [TestCase(0x8000_0000_0000_0000UL)]
    public void AnUnknownCallNumberIsRefused(ulong number)
    {
        Process caller = Start("caller", "kernel times");
        string before = Snapshot();
        var message = new Message();
        Assert.That(CallNumber(caller, number, ref message), Is.EqualTo(Status.BadKernelCall));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void EveryCallOutsideThePolicyIsRefusedAndLogged([Values] KernelCall call)
    {
        if (call == KernelCall.Count)
            return;
        // Allowed exactly one other call, so "allowed" is not simply "anything".
        string only = call == KernelCall.Times ? "diagctl" : "times";
        Process caller = Start("caller", "kernel " + only);
        AssertRefused(Status.NotAllowed, caller, call, word0: caller.Endpoint.Value, word1: 4096, word2: 4096);
        Assert.That(Console, Does.Contain($"[caller] denied kernel call {(int)call}\n"));
    }

    [Test]
    public void AProcessWithNoKernelCallsMayMakeNone()
    {
        Process caller = Start("caller", "ipc pong");
        for (ulong call = 0; call < (ulong)KernelCall.Count; call++)
        {
            var message = new Message { Word0 = 1000 };
            Assert.That(CallNumber(caller, call, ref message), Is.EqualTo(Status.NotAllowed), ((KernelCall)call).ToString());
        }
    }

    [TestCase(Unmapped)]
    [TestCase(KernelAddress)]
    [TestCase(NonCanonical)]
    [TestCase(0UL)]
    [TestCase(DataEnd - 32)]          // the message's second half is past the caller's memory
    [TestCase(ulong.MaxValue - 8)]    // address + 64 wraps
    public void ARequestOutsideTheCallersMemoryIsRefused(ulong address)
    {
        Process caller = Start("caller", "kernel times setalarm");
        string before = Snapshot();
        var message = new Message { Word0 = 1000 };
        Assert.That(CallNumber(caller, (ulong)KernelCall.SetAlarm, ref message, address), Is.EqualTo(Status.BadAddress));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    // The reply goes back where the request was: a request in memory the
    // caller may read but not write is refused before the call acts, not
    // carried out and then reported as failed (a fork whose child the
    // caller never learns of).
    [Test]
    public void ARequestInReadOnlyMemoryIsRefusedBeforeTheCallActs()
    {
        Process target = Start("target", "kernel times");
        byte[] image = Image();
        // A VmCtl ForkProcess of target, as a message at Code: Operation in Word0, Source in Word1.
        System.BitConverter.GetBytes((long)VmCtlOperation.ForkProcess).CopyTo(image, 0x1000 + 8);
        System.BitConverter.GetBytes((long)target.Endpoint.Value).CopyTo(image, 0x1000 + 16);
        Process vm = Start("vm", "kernel vmctl", image);
        string before = Snapshot();
        Assert.That(KernelCallTable.Dispatch(vm, (ulong)KernelCall.VmCtl, Code), Is.EqualTo(Status.BadAddress));
        Assert.That(Snapshot(), Is.EqualTo(before), "no child");
        var message = new Message { Word0 = VmCtlOperation.ForkProcess, Word1 = target.Endpoint.Value };
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok), "the control: the same request from writable memory");
    }

    [Test]
    public void AReplyThatCannotBeWrittenBackFails()
    {
        Process caller = Start("caller", "kernel times");
        // The code page is readable, not writable: the request is read, the reply cannot be written.
        Assert.That(KernelCallTable.Dispatch(caller, (ulong)KernelCall.Times, Code), Is.EqualTo(Status.BadAddress));
        var message = new Message();
        Assert.That(Call(caller, KernelCall.Times, ref message), Is.EqualTo(Status.Ok), "the control: the same call from writable memory");
        Assert.That(message.Word1, Is.EqualTo(1000));
    }
}
