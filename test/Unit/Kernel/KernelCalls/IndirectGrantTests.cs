using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// Indirect grants (GrantFlags.Indirect): a user grants its buffer to a
// middle server (VFS), which hands part of that grant on to a third party
// (FS) by an indirect entry in its own table; the third copies straight
// to and from the user's memory. The kernel checks every link at every
// copy: a revoked or reused link anywhere breaks the chain, ranges and
// rights only narrow, and a chain is at most GrantFlags.MaxChain long.
public sealed unsafe class IndirectGrantTests : KernelCallFixture
{
    private const string Policy = "kernel setgrant safecopyfrom safecopyto";
    private const ulong Table = Data + 0x800;          // each process's GrantEntry[Entries]
    private const int Entries = 8;
    private const ulong Buffer = Data + 0x1000;        // the user's buffer
    private const ulong BufferLength = 256;
    private const ulong Local = Scratch;               // the end of the chain's own memory

    private Process user = null!, middle = null!, fs = null!, fourth = null!;

    [SetUp]
    public void StartFour()
    {
        user = Start("user", Policy);
        middle = Start("middle", Policy);
        fs = Start("fs", Policy);
        fourth = Start("fourth", Policy);
        WriteBytes(user, Buffer, Enumerable.Range(0, (int)BufferLength).Select(i => (byte)(i + 1)).ToArray());
        WriteBytes(fs, Local, Enumerable.Repeat((byte)0xEE, 512).ToArray());
        foreach (Process p in new[] { user, middle, fs, fourth })
            Assert.That(Call(p, KernelCall.SetGrant, (long)Table, Entries), Is.EqualTo(Status.Ok));
    }

    private static void Direct(Process owner, int index, Process grantee, uint flags, ushort sequence = 1, ulong length = BufferLength) =>
        Write(owner, Table + (ulong)(index * GrantEntry.Size),
            new GrantEntry { Flags = flags, Sequence = sequence, Grantee = grantee.Endpoint.Value, Address = Buffer, Length = length });

    private static void Indirect(Process owner, int index, Process grantee, uint flags, Process referencedOwner, long referenced,
        uint referencedOffset = 0, ulong length = BufferLength, ushort sequence = 1) =>
        Write(owner, Table + (ulong)(index * GrantEntry.Size),
            new GrantEntry
            {
                Flags = flags | GrantFlags.Indirect, Sequence = sequence, Grantee = grantee.Endpoint.Value,
                Owner = referencedOwner.Endpoint.Value, Referenced = (int)referenced, ReferencedOffset = referencedOffset, Length = length,
            });

    private static long Id(int index, ushort sequence = 1) => GrantId.From(index, sequence).Value;

    private const uint ReadWrite = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write;

    private static byte[] UserBytes(int from, int count) => Enumerable.Range(from + 1, count).Select(i => (byte)i).ToArray();

    // user -> middle (direct, read-write), middle -> fs (indirect over it).
    private void TwoLinks(uint userFlags = ReadWrite, uint middleFlags = ReadWrite, uint referencedOffset = 0, ulong length = BufferLength)
    {
        Direct(user, 0, middle, userFlags);
        Indirect(middle, 3, fs, middleFlags, user, Id(0), referencedOffset, length);
    }

    private int CopyFrom(long id, ulong offset, ulong length, Process? caller = null, Process? granter = null) =>
        Call(caller ?? fs, KernelCall.SafeCopyFrom, (granter ?? middle).Endpoint.Value, id, (long)offset, (long)Local, (long)length);

    private int CopyTo(long id, ulong offset, ulong length) =>
        Call(fs, KernelCall.SafeCopyTo, middle.Endpoint.Value, id, (long)offset, (long)Local, (long)length);

    private void AssertRefused(int status, KernelCall call, long id, ulong offset = 0, ulong length = 16, Process? caller = null) =>
        AssertRefused(status, caller ?? fs, call, middle.Endpoint.Value, id, (long)offset, (long)Local, (long)length);

    [Test]
    public void TheThirdPartyCopiesStraightToAndFromTheUsersMemory()
    {
        TwoLinks(referencedOffset: 32, length: 64);
        Assert.That(CopyFrom(Id(3), 8, 16), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(fs, Local, 16), Is.EqualTo(UserBytes(40, 16)), "offsets add up: 32 in the user's grant, 8 in the middle's");
        WriteBytes(fs, Local, Enumerable.Repeat((byte)0x5A, 16).ToArray());
        Assert.That(CopyTo(Id(3), 48, 16), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(user, Buffer + 80, 16), Is.EqualTo(Enumerable.Repeat((byte)0x5A, 16).ToArray()));
        Assert.That(ReadBytes(middle, Buffer, 16), Is.Not.EqualTo(Enumerable.Repeat((byte)0x5A, 16).ToArray()), "the middle's own memory is not touched");
    }

    [Test]
    public void RevokingTheMiddleGrantBreaksTheChain()
    {
        TwoLinks();
        Assert.That(CopyFrom(Id(3), 0, 16), Is.EqualTo(Status.Ok));
        Indirect(middle, 3, fs, GrantFlags.Read | GrantFlags.Write, user, Id(0));   // Valid cleared
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(3));
        Indirect(middle, 3, fs, ReadWrite, user, Id(0), sequence: 2);           // the slot reused for another copy
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyTo, Id(3, 1));
        Assert.That(CopyFrom(Id(3, 2), 0, 16), Is.EqualTo(Status.Ok), "the new id works");
    }

    [Test]
    public void RevokingTheUsersGrantBreaksTheChain()
    {
        TwoLinks();
        Direct(user, 0, middle, GrantFlags.Read | GrantFlags.Write);            // the user clears Valid
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(3));
        Direct(user, 0, middle, ReadWrite, sequence: 2);                       // and reuses the entry
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(3));
    }

    [Test]
    public void TheReferencedGrantMustBeTheMiddlesOwn()
    {
        // The user granted to fourth, not to middle: middle cannot hand it on.
        Direct(user, 0, fourth, ReadWrite);
        Indirect(middle, 3, fs, ReadWrite, user, Id(0));
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(3));
        // Nor may anyone but the indirect entry's grantee use it.
        TwoLinks();
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(3), caller: fourth);
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(3), caller: user);
    }

    [Test]
    public void RightsOnlyNarrow()
    {
        // The user lends read-only; the middle's claim of write adds nothing.
        TwoLinks(userFlags: GrantFlags.Valid | GrantFlags.Read);
        AssertRefused(Status.GrantRights, KernelCall.SafeCopyTo, Id(3));
        Assert.That(CopyFrom(Id(3), 0, 16), Is.EqualTo(Status.Ok));
        // The user lends both; the middle hands on write only.
        TwoLinks(middleFlags: GrantFlags.Valid | GrantFlags.Write);
        AssertRefused(Status.GrantRights, KernelCall.SafeCopyFrom, Id(3));
        Assert.That(CopyTo(Id(3), 0, 16), Is.EqualTo(Status.Ok));
    }

    [TestCase(0U, BufferLength + 1, 248UL, 9UL)]       // the middle claims more than it was lent
    [TestCase(248U, 16UL, 0UL, 16UL)]                  // a sub-range running off the end
    [TestCase(uint.MaxValue, 16UL, 0UL, 16UL)]
    [TestCase(0U, 32UL, 24UL, 16UL)]                   // inside the user's grant, outside the middle's
    [TestCase(16U, ulong.MaxValue, ulong.MaxValue - 8, 8UL)]   // the offsets add up past 2^64
    public void RangesOnlyNarrow(uint referencedOffset, ulong length, ulong offset, ulong copy)
    {
        TwoLinks(referencedOffset: referencedOffset, length: length);
        AssertRefused(Status.OutOfRange, KernelCall.SafeCopyFrom, Id(3), offset, copy);
        AssertRefused(Status.OutOfRange, KernelCall.SafeCopyTo, Id(3), offset, copy);
    }

    [Test]
    public void AnEndedUserOrMiddleIsADeadEndpoint()
    {
        TwoLinks();
        Endpoint oldMiddle = middle.Endpoint;
        Termination.End(user, DefectClass.Exit, 0, 0);
        AssertRefused(Status.DeadEndpoint, KernelCall.SafeCopyFrom, Id(3));
        Termination.End(middle, DefectClass.Exit, 0, 0);
        AssertRefused(Status.DeadEndpoint, fs, KernelCall.SafeCopyFrom, oldMiddle.Value, Id(3), 0, (long)Local, 16);
    }

    [Test]
    public void ChainsAreBoundedAndLoopsEnd()
    {
        // A chain of MaxChain entries works: the user's entry 0 lent to
        // middle, handed on as middle's 3 to fourth, fourth's 5 back to
        // middle, middle's 6 to fs.
        Direct(user, 0, middle, ReadWrite);
        Indirect(middle, 3, fourth, ReadWrite, user, Id(0));
        Indirect(fourth, 5, middle, ReadWrite, middle, Id(3));
        Indirect(middle, 6, fs, ReadWrite, fourth, Id(5));
        Assert.That(GrantFlags.MaxChain, Is.EqualTo(4));
        Assert.That(CopyFrom(Id(6), 4, 8), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(fs, Local, 8), Is.EqualTo(UserBytes(4, 8)));
        // One link more is refused.
        Indirect(fourth, 7, middle, ReadWrite, middle, Id(6));
        Indirect(middle, 1, fs, ReadWrite, fourth, Id(7));
        Write(middle, Table + 6 * GrantEntry.Size, new GrantEntry
        {
            Flags = ReadWrite | GrantFlags.Indirect, Sequence = 1, Grantee = fourth.Endpoint.Value,
            Owner = fourth.Endpoint.Value, Referenced = (int)Id(5), Length = BufferLength,
        });
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(1));
        // An entry naming itself ends at the bound, not in a loop.
        Write(middle, Table + 2 * GrantEntry.Size, new GrantEntry
        {
            Flags = ReadWrite | GrantFlags.Indirect, Sequence = 1, Grantee = fs.Endpoint.Value,
            Owner = fs.Endpoint.Value, Referenced = (int)Id(4), Length = BufferLength,
        });
        Indirect(fs, 4, middle, ReadWrite, middle, Id(2));
        AssertRefused(Status.BadGrant, KernelCall.SafeCopyFrom, Id(2));
    }
}
