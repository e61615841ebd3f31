using System;
using Minix3.Cosmos.Drivers.Block.Ahci;
using NUnit.Framework;

namespace Minix3.Cosmos.Tests.Drivers.Block;

// The ahci driver's command structures (src/Drivers/Block/Ahci/AhciCommand.cs):
// the header names the FIS length, direction, PRDT length and table; the
// FIS is a Register H2D with the command, LBA48 and count fields where
// SATA puts them; the PRDT covers exactly the data; what the HBA cannot
// take is refused.
[TestFixture]
public unsafe class AhciCommandTests
{
    private const int PrdCapacity = 8;

    private static (byte[] Header, byte[] Table, int Entries) Build(byte command, long lba, int count, bool write, ulong data, int bytes,
        ulong tablePhysical = 0x20800, int capacity = PrdCapacity)
    {
        var header = new byte[AhciCommand.HeaderBytes];
        var table = new byte[AhciCommand.PrdtOffset + PrdCapacity * AhciCommand.PrdEntryBytes];
        Array.Fill(header, (byte)0xAA);
        Array.Fill(table, (byte)0xAA);
        int entries;
        fixed (byte* h = header)
        fixed (byte* t = table)
            entries = AhciCommand.Build(h, t, capacity, tablePhysical, command, lba, count, write, data, bytes);
        return (header, table, entries);
    }

    [Test]
    public void AReadOfOneCommandIsOneFisAndOnePrdEntry()
    {
        var (header, table, entries) = Build(0x25, 0x0000_1234_5678_9ABC, 128, false, 0x1_2345_6000, 65536, tablePhysical: 0x1_0000_0800);
        Assert.That(entries, Is.EqualTo(1));
        uint dword0 = BitConverter.ToUInt32(header, 0);
        Assert.That(dword0 & 0x1F, Is.EqualTo(5), "CFL: a Register H2D FIS is five dwords");
        Assert.That(dword0 & (1 << 6), Is.Zero, "a read: W clear");
        Assert.That(dword0 >> 16, Is.EqualTo(1), "PRDTL");
        Assert.That(BitConverter.ToUInt32(header, 4), Is.Zero, "PRDBC starts at 0");
        Assert.That(BitConverter.ToUInt64(header, 8), Is.EqualTo(0x1_0000_0800UL), "CTBA and CTBAU");
        Assert.That(header[16..], Is.All.Zero, "reserved dwords");

        Assert.That(table[..20], Is.EqualTo(new byte[] { 0x27, 0x80, 0x25, 0, 0xBC, 0x9A, 0x78, 0x40, 0x56, 0x34, 0x12, 0, 128, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.That(table[20..AhciCommand.PrdtOffset], Is.All.Zero, "the rest of the FIS area");
        Assert.That(BitConverter.ToUInt64(table, AhciCommand.PrdtOffset), Is.EqualTo(0x1_2345_6000UL), "DBA and DBAU");
        Assert.That(BitConverter.ToUInt32(table, AhciCommand.PrdtOffset + 12), Is.EqualTo(65535u), "DBC is bytes - 1, no interrupt bit");
        Assert.That(table[AhciCommand.PrdtOffset + AhciCommand.PrdEntryBytes], Is.EqualTo(0xAA), "nothing written past the used entries");
    }

    [Test]
    public void AWriteSetsTheDirectionAndACountAboveByteRangeUsesBothCountBytes()
    {
        var (header, table, _) = Build(0x35, 7, 300, true, 0x8000, 300 * 512);
        Assert.That(BitConverter.ToUInt32(header, 0) & (1 << 6), Is.Not.Zero, "W set: host to device");
        Assert.That(table[2], Is.EqualTo(0x35));
        Assert.That(table[12] | table[13] << 8, Is.EqualTo(300));
    }

    [Test]
    public void LargeBuffersAreSplitIntoFourMebibyteEntries()
    {
        var (header, table, entries) = Build(0x25, 0, 0, false, 0x100000, (9 << 20) + 1024);
        Assert.That(entries, Is.EqualTo(3));
        Assert.That(BitConverter.ToUInt32(header, 0) >> 16, Is.EqualTo(3));
        for (int i = 0; i < 3; i++)
        {
            int at = AhciCommand.PrdtOffset + i * AhciCommand.PrdEntryBytes;
            Assert.That(BitConverter.ToUInt64(table, at), Is.EqualTo(0x100000UL + (ulong)i * (4 << 20)));
            Assert.That(BitConverter.ToUInt32(table, at + 12) + 1, Is.EqualTo(i < 2 ? 4u << 20 : (1u << 20) + 1024));
        }
    }

    [Test]
    public void ACommandWithoutDataHasNoPrdt()
    {
        var (header, table, entries) = Build(0xEA, 0, 0, false, 0x8000, 0);
        Assert.That(entries, Is.Zero);
        Assert.That(BitConverter.ToUInt32(header, 0) >> 16, Is.Zero);
        Assert.That(table[2], Is.EqualTo(0xEA));
        Assert.That(table[AhciCommand.PrdtOffset], Is.EqualTo(0xAA), "no entry written");
    }

    [TestCase(0x8001UL, 512, 0x20800UL, PrdCapacity, TestName = "OddDataAddressIsRefused")]
    [TestCase(0x8000UL, 511, 0x20800UL, PrdCapacity, TestName = "OddLengthIsRefused")]
    [TestCase(0x8000UL, 512, 0x20840UL, PrdCapacity, TestName = "TableNotOn128BytesIsRefused")]
    [TestCase(0x8000UL, (8 << 20) + 2, 0x20800UL, 2, TestName = "TooFewEntriesIsRefused")]
    public void WhatTheHbaCannotTakeIsRefused(ulong data, int bytes, ulong tablePhysical, int capacity)
    {
        Assert.That(Build(0x25, 0, 1, false, data, bytes, tablePhysical, capacity).Entries, Is.EqualTo(-1));
    }
}
