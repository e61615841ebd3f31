using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Images.Vmware;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Vmware;

// The monolithicSparse .vmdk as qemu-img reads it: the same bytes back,
// all-zero grains left out, the descriptor VMware wants for an IDE disk.
public class SparseExtentWriterTests
{
    private string _directory = "";

    [SetUp]
    public void MakeDirectory() => _directory = Directory.CreateTempSubdirectory("minix3-vmdk-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, true);

    // A disk of that size, zero but for a few runs of data: one at the
    // start, one across a grain boundary, one in the second grain table.
    private string Raw(long size, string name = "raw.img", uint seed = 1)
    {
        string path = Path.Combine(_directory, name);
        using var raw = File.Create(path);
        raw.SetLength(size);
        foreach (long at in new long[] { 0, 65536 * 3 - 100, 40L << 20 })
        {
            if (at >= size)
                continue;
            raw.Position = at;
            raw.Write(TestBytes.Random((int)Math.Min(5000, size - at), seed++));
        }
        return path;
    }

    private string Vmdk(string raw, string name = "disk.vmdk")
    {
        string path = Path.Combine(_directory, name);
        SparseExtentWriter.Write(raw, path);
        return path;
    }

    [Test]
    public void QemuImgReadsAVmdkOfTheRawSizeWithoutErrors()
    {
        string vmdk = Vmdk(Raw(64L << 20));
        string info = HostTool.MustRun("qemu-img", "qemu-utils", "info", "--output=json", vmdk);
        Assert.That(info, Does.Contain("\"format\": \"vmdk\""));
        Assert.That(info, Does.Contain("\"virtual-size\": 67108864"));
        Assert.That(info, Does.Contain("\"create-type\": \"monolithicSparse\""));
        Assert.That(HostTool.MustRun("qemu-img", "qemu-utils", "check", vmdk), Does.Contain("No errors were found on the image."));
    }

    [TestCase(64L << 20)]
    [TestCase((1L << 20) + 512)]
    [TestCase(512)]
    public void ConvertedBackToRawItIsTheSameBytes(long size)
    {
        string raw = Raw(size);
        string vmdk = Vmdk(raw);
        string back = Path.Combine(_directory, "back.img");
        HostTool.MustRun("qemu-img", "qemu-utils", "convert", "-f", "vmdk", "-O", "raw", vmdk, back);
        Assert.That(File.ReadAllBytes(back), Is.EqualTo(File.ReadAllBytes(raw)));
    }

    // 64 MiB with data in 4 grains: the header, descriptor and tables fit
    // in the first grain, then only those 4 grains. (How long it takes is
    // the bench's business: image build time, bench/README.md.)
    [Test]
    public void AllZeroGrainsAreLeftOut()
    {
        string vmdk = Vmdk(Raw(64L << 20));
        Assert.That(new FileInfo(vmdk).Length, Is.EqualTo(5 * 65536));
    }

    [Test]
    public void TheDescriptorNamesTheFileTheIdeAdapterAndItsGeometry()
    {
        string vmdk = Vmdk(Raw(64L << 20), "minix3.vmdk");
        string text = Encoding.ASCII.GetString(File.ReadAllBytes(vmdk), 512, 20 * 512).TrimEnd('\0');
        Assert.That(text, Does.StartWith("# Disk DescriptorFile\nversion=1\n"));
        Assert.That(text, Does.Match(@"\nCID=[0-9a-f]{8}\nparentCID=ffffffff\n"));
        Assert.That(text, Does.Contain("\ncreateType=\"monolithicSparse\"\n"));
        Assert.That(text, Does.Contain("\nRW 131072 SPARSE \"minix3.vmdk\"\n"));
        Assert.That(text, Does.Contain("\nddb.adapterType = \"ide\"\n"), "the .vmx attaches it as ide0:0");
        Assert.That(text, Does.Contain("\nddb.geometry.cylinders = \"130\"\nddb.geometry.heads = \"16\"\nddb.geometry.sectors = \"63\"\n"), "131072 / (16 x 63)");
        Assert.That(VmdkDescriptor.Cylinders(1L << 40), Is.EqualTo(16383), "ATA's limit");
    }

    [Test]
    public void TheSameDiskGivesTheSameFileAndAnotherDiskAnotherContentId()
    {
        string first = Vmdk(Raw(4L << 20, "a.img", 1), "a.vmdk");
        string again = Vmdk(Raw(4L << 20, "b.img", 1), "a2.vmdk");
        string other = Vmdk(Raw(4L << 20, "c.img", 9), "c.vmdk");
        static string Cid(string vmdk) => Regex.Match(File.ReadAllText(vmdk, Encoding.Latin1), "CID=([0-9a-f]{8})").Groups[1].Value;
        Assert.That(Cid(first), Is.EqualTo(Cid(again)));
        Assert.That(Cid(first), Is.Not.EqualTo(Cid(other)));
        byte[] a = File.ReadAllBytes(first), b = File.ReadAllBytes(again);
        Assert.That(b.AsSpan(0, 512).SequenceEqual(a.AsSpan(0, 512)) && b.AsSpan(21 * 512).SequenceEqual(a.AsSpan(21 * 512)), Is.True,
            "header, tables and grains the same");
        string Descriptor(byte[] vmdk) => Encoding.ASCII.GetString(vmdk, 512, 20 * 512).TrimEnd('\0');
        Assert.That(Descriptor(b).Replace("\"a2.vmdk\"", "\"a.vmdk\""), Is.EqualTo(Descriptor(a)), "only the extent's name differs");
    }

    [Test]
    public void ARawImageOfPartSectorsIsRefused()
    {
        string raw = Path.Combine(_directory, "odd.img");
        File.WriteAllBytes(raw, new byte[1000]);
        var e = Assert.Throws<InvalidDataException>(() => Vmdk(raw))!;
        Assert.That(e.Message, Does.Contain("1000 bytes"));
    }
}
