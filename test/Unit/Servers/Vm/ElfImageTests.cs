using System;
using Minix3.Cosmos.Servers.Vm;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Vm;

public class ElfImageTests
{
    private const ulong Base = ElfImage.UserBase;

    // A minimal ELF64 executable: header, program headers, then one page per segment.
    private static byte[] Build(Action<byte[]>? damage = null, params (ulong Vaddr, ulong Offset, ulong FileSize, ulong MemSize, uint Flags)[] segments)
    {
        if (segments.Length == 0)
            segments = new[] { (Base, 0x1000UL, 0x100UL, 0x100UL, 5u), (Base + 0x1000, 0x2000UL, 0x80UL, 0x5000UL, 6u) };
        var file = new byte[0x3000];
        file[0] = 0x7F; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
        file[4] = 2; file[5] = 1; file[6] = 1;
        BitConverter.GetBytes((ushort)2).CopyTo(file, 16);
        BitConverter.GetBytes((ushort)62).CopyTo(file, 18);
        BitConverter.GetBytes(Base + 0x10).CopyTo(file, 24);
        BitConverter.GetBytes(64UL).CopyTo(file, 32);
        BitConverter.GetBytes((ushort)56).CopyTo(file, 54);
        BitConverter.GetBytes((ushort)segments.Length).CopyTo(file, 56);
        for (int i = 0; i < segments.Length; i++)
        {
            int h = 64 + i * 56;
            BitConverter.GetBytes(1u).CopyTo(file, h);
            BitConverter.GetBytes(segments[i].Flags).CopyTo(file, h + 4);
            BitConverter.GetBytes(segments[i].Offset).CopyTo(file, h + 8);
            BitConverter.GetBytes(segments[i].Vaddr).CopyTo(file, h + 16);
            BitConverter.GetBytes(segments[i].FileSize).CopyTo(file, h + 32);
            BitConverter.GetBytes(segments[i].MemSize).CopyTo(file, h + 40);
        }
        damage?.Invoke(file);
        return file;
    }

    private static ElfProblem Parse(byte[] file)
    {
        var image = new ElfImage();
        image.Parse(file);
        return image.Problem;
    }

    [Test]
    public void AcceptsAWellFormedImageAndListsItsSegments()
    {
        var image = new ElfImage();
        Assert.That(image.Parse(Build()), Is.True, image.Problem.ToString());
        Assert.That(image.SegmentCount, Is.EqualTo(2));
        Assert.That(image.Entry, Is.EqualTo(Base + 0x10));
        Assert.That(image.Segments[0].Executable && !image.Segments[0].Writable, Is.True);
        Assert.That(image.Segments[1].Writable && !image.Segments[1].Executable, Is.True);
        Assert.That(image.PageCount, Is.EqualTo(1 + 5));
    }

    [Test]
    public void RefusesMalformedHeaders()
    {
        Assert.That(Parse(new byte[10]), Is.EqualTo(ElfProblem.TooSmall));
        Assert.That(Parse(Build(f => f[1] = (byte)'X')), Is.EqualTo(ElfProblem.NotElf));
        Assert.That(Parse(Build(f => f[4] = 1)), Is.EqualTo(ElfProblem.NotElf64LittleEndian));
        Assert.That(Parse(Build(f => f[16] = 1)), Is.EqualTo(ElfProblem.NotExecutable));
        Assert.That(Parse(Build(f => f[18] = 3)), Is.EqualTo(ElfProblem.NotX86_64));
        Assert.That(Parse(Build(f => BitConverter.GetBytes(0xFFFF_FFFFUL).CopyTo(f, 32))), Is.EqualTo(ElfProblem.BadProgramHeaders));
        Assert.That(Parse(Build(f => f[54] = 32)), Is.EqualTo(ElfProblem.BadProgramHeaders));
    }

    [Test]
    public void RefusesSegmentsThatLieOrReachOutsideTheirBounds()
    {
        Assert.That(Parse(Build(null, (Base, 0x1000, 0x5000, 0x5000, 5))), Is.EqualTo(ElfProblem.SegmentOutsideFile));
        Assert.That(Parse(Build(null, (0x100000, 0x1000, 0x10, 0x10, 5))), Is.EqualTo(ElfProblem.SegmentOutsideUserRange), "the kernel's range");
        Assert.That(Parse(Build(null, (ElfImage.UserLimit - 0x1000, 0x1000, 0x10, 0x2000, 5))), Is.EqualTo(ElfProblem.SegmentOutsideUserRange));
        Assert.That(Parse(Build(null, (Base, 0x1000, 0x10, ulong.MaxValue, 5))), Is.EqualTo(ElfProblem.SegmentOutsideUserRange), "wrapping size");
        Assert.That(Parse(Build(null, (Base + 8, 0x1000, 0x10, 0x10, 5))), Is.EqualTo(ElfProblem.SegmentMisaligned));
        Assert.That(Parse(Build(null, (Base, 0x1000, 0x200, 0x100, 5))), Is.EqualTo(ElfProblem.FileSizeAboveMemorySize));
        Assert.That(Parse(Build(null, (Base, 0x1000, 0x10, 0x2000, 5), (Base + 0x1000, 0x2000, 0x10, 0x10, 6))), Is.EqualTo(ElfProblem.SegmentsOverlap));
    }

    [Test]
    public void RefusesAnEntryPointOutsideExecutableCode()
    {
        Assert.That(Parse(Build(f => BitConverter.GetBytes(Base + 0x1010).CopyTo(f, 24))), Is.EqualTo(ElfProblem.EntryNotInCode), "entry in data");
        Assert.That(Parse(Build(null, (Base, 0x1000, 0x100, 0x100, 6))), Is.EqualTo(ElfProblem.EntryNotInCode), "no executable segment");
    }

    [Test]
    public void EveryTruncationIsRefusedWithoutReadingPastTheEnd()
    {
        byte[] whole = Build();
        for (int length = 0; length < 64 + 2 * 56; length++)
        {
            var image = new ElfImage();
            Assert.That(image.Parse(whole.AsSpan(0, length)), Is.False, $"cut at {length}");
        }
    }

    // vm validates an image from its first page and its length: the headers
    // must lie in that page, the segments in the whole file.
    [Test]
    public void ParsesFromTheHeadersAndTheFileLength()
    {
        byte[] whole = Build();
        var image = new ElfImage();
        Assert.That(image.Parse(whole.AsSpan(0, 0x1000), (ulong)whole.Length), Is.True, image.Problem.ToString());
        Assert.That(image.SegmentCount, Is.EqualTo(2));
        Assert.That(image.Parse(whole.AsSpan(0, 0x1000), 0x2000), Is.False, "the data segment's bytes lie past 0x2000");
        Assert.That(image.Problem, Is.EqualTo(ElfProblem.SegmentOutsideFile));
        Assert.That(image.Parse(whole.AsSpan(0, 100), (ulong)whole.Length), Is.False, "program headers past the first bytes read");
        Assert.That(image.Problem, Is.EqualTo(ElfProblem.BadProgramHeaders));
        Assert.That(image.Parse(whole.AsSpan(0, 0x1000), 0x800), Is.False, "more headers than file");
        Assert.That(image.Problem, Is.EqualTo(ElfProblem.TooSmall));
    }
}
