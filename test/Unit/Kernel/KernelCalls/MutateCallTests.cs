using System.Linq;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// Mutate, RS's binary fault injection: it swaps bytes in another
// component's code and gives back what was there; it reaches nothing but
// mapped code pages, and a refused call changes nothing.
public sealed unsafe class MutateCallTests : KernelCallFixture
{
    private Process rs = null!, target = null!;

    [SetUp]
    public void StartTwo()
    {
        rs = Start("rs", "kernel mutate");
        target = Start("target", "kernel times");
    }

    private static Message Request(long endpoint, ulong address, params byte[] bytes) => Request(endpoint, address, bytes.Length, bytes);

    private static Message Request(long endpoint, ulong address, int length, byte[] bytes)
    {
        var message = new Message();
        MutateMessage* request = MutateMessage.Of(&message);
        request->Target = (int)endpoint;
        request->Address = (long)address;
        request->Length = length;
        for (int i = 0; i < bytes.Length && i < MutateMessage.MaxBytes; i++)
            request->Bytes[i] = bytes[i];
        return message;
    }

    private static byte[] Returned(Message message, int length)
    {
        MutateMessage* reply = MutateMessage.Of(&message);
        return Enumerable.Range(0, length).Select(i => reply->Bytes[i]).ToArray();
    }

    [Test]
    public void ItSwapsTheBytesOfReadOnlyCodeAndASecondCallUndoesIt()
    {
        Message message = Request(target.Endpoint.Value, Code, 0x90, 0x90);
        Assert.That(Call(rs, KernelCall.Mutate, ref message), Is.EqualTo(Status.Ok));
        Assert.That(Returned(message, 2), Is.EqualTo(new byte[] { 0x0F, 0x0B }), "what was there: the image's ud2");
        Assert.That(ReadBytes(target, Code, 3), Is.EqualTo(new byte[] { 0x90, 0x90, 0x00 }), "only the two bytes changed");

        message = Request(target.Endpoint.Value, Code, 0x0F, 0x0B);
        Assert.That(Call(rs, KernelCall.Mutate, ref message), Is.EqualTo(Status.Ok));
        Assert.That(Returned(message, 2), Is.EqualTo(new byte[] { 0x90, 0x90 }));
        Assert.That(ReadBytes(target, Code, 2), Is.EqualTo(new byte[] { 0x0F, 0x0B }));
    }

    [Test]
    public void SixteenBytesAtTheEndOfTheCodePageAreTheMost()
    {
        byte[] bytes = Enumerable.Range(1, MutateMessage.MaxBytes).Select(i => (byte)i).ToArray();
        Message message = Request(target.Endpoint.Value, Code + 4096 - MutateMessage.MaxBytes, bytes);
        Assert.That(Call(rs, KernelCall.Mutate, ref message), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(target, Code + 4096 - MutateMessage.MaxBytes, MutateMessage.MaxBytes), Is.EqualTo(bytes));
    }

    [Test]
    public void OnlyAComponentWhosePolicyHoldsTheCallMayMutate()
    {
        Message message = Request(rs.Endpoint.Value, Code, 0x90);
        AssertRefused(Status.NotAllowed, target, KernelCall.Mutate, ref message);
        Assert.That(ReadBytes(rs, Code, 2), Is.EqualTo(new byte[] { 0x0F, 0x0B }));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(MutateMessage.MaxBytes + 1)]
    [TestCase(int.MaxValue)]
    public void ALengthOutsideOneToSixteenIsRefused(int length)
    {
        Message message = Request(target.Endpoint.Value, Code, length, new byte[] { 0x90, 0x90 });
        AssertRefused(Status.BadArgument, rs, KernelCall.Mutate, ref message);
        Assert.That(ReadBytes(target, Code, 2), Is.EqualTo(new byte[] { 0x0F, 0x0B }));
    }

    [Test]
    public void ItRefusesItsCallerAndTargetsThatAreNotAlive()
    {
        Message self = Request(rs.Endpoint.Value, Code, 0x90);
        AssertRefused(Status.BadArgument, rs, KernelCall.Mutate, ref self);
        foreach (long endpoint in new long[] { 0x7FFF_0001, Endpoint.None.Value, Endpoint.Kernel.Value, -5 })
        {
            Message message = Request(endpoint, Code, 0x90);
            AssertRefused(Status.DeadEndpoint, rs, KernelCall.Mutate, ref message);
        }
    }

    [Test]
    public void DataUnmappedAndKernelMemoryAreNotCodeAndNothingChanges()
    {
        foreach (ulong address in new[] { Data, Scratch, Unmapped, KernelAddress, NonCanonical, Code + 4095 })
        {
            // Code + 4095 with two bytes: the second lies in the data page.
            Message message = Request(target.Endpoint.Value, address, 0x90, 0x90);
            AssertRefused(Status.BadAddress, rs, KernelCall.Mutate, ref message);
        }
        Assert.That(ReadBytes(target, Code + 4094, 2), Is.EqualTo(new byte[] { 0, 0 }));
    }
}
