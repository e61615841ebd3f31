using System;
using Minix3.Cosmos.Drivers.Block.Ata;
using NUnit.Framework;

namespace Minix3.Cosmos.Tests.Drivers.Block;

// The ata driver's bus-master scatter list (src/Drivers/Block/Ata/PrdTable.cs):
// entries cover exactly the transfer, none crosses a 64 KiB physical
// boundary, a full 64 KiB region is written as count 0, the last carries
// end-of-table, and what the controller cannot take is refused (0 entries).
[TestFixture]
public unsafe class PrdTableTests
{
    private static (uint Base, int Count, ushort Flags)[] Build(ulong physical, int bytes, int capacity = 16)
    {
        var table = new byte[capacity * PrdTable.EntryBytes + 8];
        Array.Fill(table, (byte)0xAA);
        int count;
        fixed (byte* at = table)
            count = PrdTable.Build(at, capacity, physical, bytes);
        var entries = new (uint, int, ushort)[count];
        for (int i = 0; i < count; i++)
        {
            uint address = BitConverter.ToUInt32(table, i * 8);
            int length = BitConverter.ToUInt16(table, i * 8 + 4);
            entries[i] = (address, length == 0 ? 0x10000 : length, BitConverter.ToUInt16(table, i * 8 + 6));
        }
        Assert.That(table[capacity * PrdTable.EntryBytes], Is.EqualTo(0xAA), "nothing written past the table's room");
        return entries;
    }

    [Test]
    public void AnAlignedBufferOfOneCommandIsOneEntryWithEndOfTable()
    {
        var entries = Build(0x0012_0000, 64 * 1024);
        Assert.That(entries, Is.EqualTo(new[] { (0x0012_0000u, 0x10000, PrdTable.EndOfTable) }));
    }

    [Test]
    public void ABufferAcrossA64KiBBoundaryIsSplitThere()
    {
        // The driver's buffer starts a page after its PRD table: 0x121000..0x131000.
        var entries = Build(0x0012_1000, 64 * 1024);
        Assert.That(entries, Is.EqualTo(new[] { (0x0012_1000u, 0xF000, (ushort)0), (0x0013_0000u, 0x1000, PrdTable.EndOfTable) }));
    }

    [TestCase(0x0012_1000UL, 512)]
    [TestCase(0x0012_FE00UL, 1024)]
    [TestCase(0x0040_0000UL, 128 * 1024)]
    [TestCase(0x0040_0200UL, 200 * 512)]
    public void EntriesCoverExactlyTheTransferInOrder(ulong physical, int bytes)
    {
        var entries = Build(physical, bytes);
        ulong at = physical;
        for (int i = 0; i < entries.Length; i++)
        {
            Assert.That(entries[i].Base, Is.EqualTo((uint)at), $"entry {i} follows the previous one");
            Assert.That(entries[i].Base / 0x10000, Is.EqualTo((entries[i].Base + (uint)entries[i].Count - 1) / 0x10000), $"entry {i} stays in one 64 KiB window");
            Assert.That(entries[i].Flags, Is.EqualTo(i == entries.Length - 1 ? PrdTable.EndOfTable : 0), $"entry {i}'s end-of-table bit");
            at += (ulong)entries[i].Count;
        }
        Assert.That(at, Is.EqualTo(physical + (ulong)bytes), "the entries add up to the transfer");
    }

    [TestCase(0x1000UL, 0, TestName = "NothingToMove")]
    [TestCase(0x1000UL, 511, TestName = "OddLength")]
    [TestCase(0x1001UL, 512, TestName = "OddAddress")]
    [TestCase(0xFFFF_F000UL, 8192, TestName = "PastFourGiB")]
    [TestCase(0x1_0000_0000UL, 512, TestName = "AboveFourGiB")]
    public void WhatTheControllerCannotReachIsRefused(ulong physical, int bytes)
    {
        Assert.That(Build(physical, bytes), Is.Empty);
    }

    [Test]
    public void ATableTooSmallForTheTransferIsRefused()
    {
        Assert.That(Build(0x0012_1000, 64 * 1024, capacity: 1), Is.Empty);
        Assert.That(Build(0x0012_1000, 64 * 1024, capacity: 2), Has.Length.EqualTo(2));
    }
}
