using System;
using System.Collections.Generic;
using Minix3.Cosmos.Servers.Iommu.Acpi;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Iommu;

// How iommu finds the remapping unit (src/Servers/Iommu/Acpi): the RSDP in
// the BIOS area, the root table's entries, a table's checksum, and the DMAR
// table's structures, built here byte by byte as firmware lays them out,
// and damaged in the ways a bad firmware (or a hostile one) could.
public unsafe class AcpiTablesTests
{
    private static byte[] Rsdp(ulong rsdt, ulong xsdt, byte revision)
    {
        var p = new byte[36];
        "RSD PTR "u8.CopyTo(p);
        "BOCHS "u8.CopyTo(p.AsSpan(9));
        p[15] = revision;
        BitConverter.GetBytes((uint)rsdt).CopyTo(p, 16);
        BitConverter.GetBytes(36u).CopyTo(p, 20);
        BitConverter.GetBytes(xsdt).CopyTo(p, 24);
        p[8] = (byte)(0 - Sum(p, 0, 20));
        p[32] = (byte)(0 - Sum(p, 0, 36));
        return p;
    }

    private static byte Sum(byte[] bytes, int from, int count)
    {
        byte sum = 0;
        for (int i = from; i < from + count; i++)
            sum += bytes[i];
        return sum;
    }

    private static byte[] Table(string signature, byte[] body)
    {
        var t = new byte[36 + body.Length];
        for (int i = 0; i < 4; i++)
            t[i] = (byte)signature[i];
        BitConverter.GetBytes((uint)t.Length).CopyTo(t, 4);
        t[8] = 1;
        body.CopyTo(t, 36);
        t[9] = (byte)(0 - Sum(t, 0, t.Length));
        return t;
    }

    // QEMU's DMAR for q35 with intel-iommu: host width 39, one DRHD with
    // INCLUDE_PCI_ALL at 0xfed90000, no scopes; `rmrr` adds one RMRR.
    private static byte[] Dmar(ulong registers, bool includeAll = true, ushort segment = 0, bool rmrr = false)
    {
        var body = new List<byte> { 38, 1 };
        body.AddRange(new byte[10]);
        body.AddRange(BitConverter.GetBytes((ushort)0));
        body.AddRange(BitConverter.GetBytes((ushort)16));
        body.Add((byte)(includeAll ? 1 : 0));
        body.Add(0);
        body.AddRange(BitConverter.GetBytes(segment));
        body.AddRange(BitConverter.GetBytes(registers));
        if (rmrr)
        {
            body.AddRange(BitConverter.GetBytes((ushort)1));
            body.AddRange(BitConverter.GetBytes((ushort)24));
            body.AddRange(new byte[20]);
        }
        return Table("DMAR", body.ToArray());
    }

    [TestCase((byte)0, 0x7FFE_1000UL, false)]
    [TestCase((byte)2, 0x7FFE_2000UL, true)]
    public void TheRsdpIsFoundOnASixteenByteBoundaryAndNamesTheRootTable(byte revision, ulong expected, bool extended)
    {
        var area = new byte[0x20000];
        Rsdp(0x7FFE_1000, 0x7FFE_2000, revision).CopyTo(area, 0xF5A0);
        // A decoy off the boundary is skipped.
        "RSD PTR "u8.CopyTo(area.AsSpan(0x1008));
        fixed (byte* p = area)
        {
            Assert.That(AcpiTables.FindRoot(p, area.Length, out ulong root, out bool isExtended), Is.True);
            Assert.That((root, isExtended), Is.EqualTo((expected, extended)));
        }
    }

    [Test]
    public void AnRsdpWithABadChecksumIsNotThere()
    {
        var area = new byte[0x1000];
        byte[] rsdp = Rsdp(0x7FFE_1000, 0, 0);
        rsdp[16] ^= 0x10;
        rsdp.CopyTo(area, 0x100);
        fixed (byte* p = area)
            Assert.That(AcpiTables.FindRoot(p, area.Length, out _, out _), Is.False);
    }

    [Test]
    public void TheRootTableListsItsEntriesInBothWidths()
    {
        var rsdtBody = new byte[8];
        BitConverter.GetBytes(0x7FFE_3000u).CopyTo(rsdtBody, 0);
        BitConverter.GetBytes(0x7FFE_4000u).CopyTo(rsdtBody, 4);
        byte[] rsdt = Table("RSDT", rsdtBody);
        var xsdtBody = new byte[8];
        BitConverter.GetBytes(0x1_0000_0000UL).CopyTo(xsdtBody, 0);
        byte[] xsdt = Table("XSDT", xsdtBody);
        fixed (byte* r = rsdt)
        fixed (byte* x = xsdt)
        {
            Assert.That(AcpiTables.Valid(r, rsdt.Length) && AcpiTables.Valid(x, xsdt.Length), Is.True);
            Assert.That(AcpiTables.EntryCount(r, false), Is.EqualTo(2));
            Assert.That(AcpiTables.Entry(r, false, 1), Is.EqualTo(0x7FFE_4000UL));
            Assert.That(AcpiTables.EntryCount(x, true), Is.EqualTo(1));
            Assert.That(AcpiTables.Entry(x, true, 0), Is.EqualTo(0x1_0000_0000UL));
        }
    }

    [Test]
    public void ATableLongerThanWhatWasReadOrWithABadChecksumIsNotValid()
    {
        byte[] dmar = Dmar(0xFED9_0000);
        fixed (byte* p = dmar)
        {
            Assert.That(AcpiTables.Valid(p, dmar.Length), Is.True);
            Assert.That(AcpiTables.Valid(p, dmar.Length - 1), Is.False, "cut short");
            Assert.That(AcpiTables.Valid(p, 20), Is.False, "not even a header");
            p[40] ^= 1;
            Assert.That(AcpiTables.Valid(p, dmar.Length), Is.False, "a changed byte");
        }
    }

    [Test]
    public void TheDmarTableGivesTheFirstUnitOfSegmentZero()
    {
        byte[] dmar = Dmar(0xFED9_0000, rmrr: true);
        fixed (byte* p = dmar)
        {
            Assert.That(DmarTable.Parse(p, (uint)dmar.Length, out DmarTable.Unit unit, out string problem), Is.True, problem);
            Assert.That(unit.RegisterBase, Is.EqualTo(0xFED9_0000UL));
            Assert.That(unit.IncludesAll, Is.True);
            Assert.That(unit.HostAddressWidth, Is.EqualTo(39));
            Assert.That((unit.Units, unit.ReservedRegions), Is.EqualTo((1, 1)));
        }
    }

    [Test]
    public void ADmarTableWithoutAUnitForSegmentZeroOrWithABadStructureIsRefused()
    {
        byte[] other = Dmar(0xFED9_0000, segment: 1);
        fixed (byte* p = other)
        {
            Assert.That(DmarTable.Parse(p, (uint)other.Length, out _, out string problem), Is.False);
            Assert.That(problem, Does.Contain("segment 0"));
        }
        byte[] bad = Dmar(0xFED9_0000);
        BitConverter.GetBytes((ushort)200).CopyTo(bad, 36 + 12 + 2);   // the DRHD claims 200 bytes
        fixed (byte* p = bad)
        {
            Assert.That(DmarTable.Parse(p, (uint)bad.Length, out _, out string problem), Is.False);
            Assert.That(problem, Does.Contain("bad length"));
        }
        BitConverter.GetBytes((ushort)2).CopyTo(bad, 36 + 12 + 2);     // shorter than its own header
        fixed (byte* p = bad)
            Assert.That(DmarTable.Parse(p, (uint)bad.Length, out _, out _), Is.False);
    }
}
