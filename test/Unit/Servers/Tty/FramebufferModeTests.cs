using Minix3.Cosmos.Servers.Tty.Display;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// The "framebuffer" boot module's line: what a loader writes, and what TTY refuses.
public class FramebufferModeTests
{
    [Test]
    public void ALoadersLineGivesTheMode()
    {
        FramebufferMode? mode = FramebufferMode.Parse("address=0x80000000 width=1024 height=768 pitch=4096 bpp=32 format=bgrx\n", out string error);
        Assert.That(mode, Is.Not.Null, error);
        Assert.That((mode!.Address, mode.Width, mode.Height, mode.Pitch, mode.RedFirst), Is.EqualTo((0x80000000UL, 1024, 768, 4096, false)));
        Assert.That(mode.Bytes, Is.EqualTo(4096UL * 768));
    }

    [Test]
    public void FieldsMayComeInAnyOrderAndUnknownOnesAreSkipped()
    {
        FramebufferMode? mode = FramebufferMode.Parse("format=rgbx bpp=32 stride=9 pitch=3203 height=600 width=800 address=0xFD000000", out string error);
        Assert.That(mode, Is.Not.Null, error);
        Assert.That((mode!.Address, mode.Pitch, mode.RedFirst), Is.EqualTo((0xFD000000UL, 3203, true)));
    }

    [TestCase("", "all needed")]
    [TestCase("address=0x1000 width=800 height=600 pitch=3200 bpp=32", "all needed")]
    [TestCase("address=4096 width=800 height=600 pitch=3200 bpp=32 format=bgrx", "address")]
    [TestCase("address=0x0 width=800 height=600 pitch=3200 bpp=32 format=bgrx", "address")]
    [TestCase("address=0xg000 width=800 height=600 pitch=3200 bpp=32 format=bgrx", "address")]
    [TestCase("address=0x1000 width=800 height=600 pitch=3200 bpp=24 format=bgrx", "bpp")]
    [TestCase("address=0x1000 width=800 height=600 pitch=3200 bpp=32 format=bitmask", "format")]
    [TestCase("address=0x1000 width=800 height=600 pitch=3199 bpp=32 format=bgrx", "pitch is less")]
    [TestCase("address=0x1000 width=-800 height=600 pitch=3200 bpp=32 format=bgrx", "width")]
    [TestCase("address=0x1000 width=0 height=600 pitch=3200 bpp=32 format=bgrx", "width")]
    [TestCase("address=0x1000 width=20000 height=600 pitch=65536 bpp=32 format=bgrx", "at most")]
    [TestCase("address=0x1000 width=800 width=800 height=600 pitch=3200 bpp=32 format=bgrx", "twice")]
    [TestCase("address=0x1000 width 800", "name=value")]
    [TestCase("address=0xFFFFFFFFFFFFF000 width=800 height=600 pitch=3200 bpp=32 format=bgrx", "end of the address space")]
    public void BadLinesAreRefusedWithTheReason(string line, string reason)
    {
        Assert.That(FramebufferMode.Parse(line, out string error), Is.Null);
        Assert.That(error, Does.Contain(reason));
    }
}
