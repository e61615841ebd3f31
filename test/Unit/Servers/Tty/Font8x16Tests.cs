using Minix3.Cosmos.Servers.Tty.Display;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// The console font: every printable ASCII character has its own legible
// picture inside the cell's margins; the rest show the unknown box.
public class Font8x16Tests
{
    private static byte[] Glyph(int character)
    {
        var rows = new byte[Font8x16.Height];
        for (int row = 0; row < rows.Length; row++)
            rows[row] = Font8x16.Row(character, row);
        return rows;
    }

    [Test]
    public void EveryPrintableCharacterButSpaceHasInkAndSpaceHasNone()
    {
        Assert.That(Glyph(' '), Is.All.EqualTo(0));
        for (int c = 0x21; c <= 0x7E; c++)
            Assert.That(Glyph(c), Has.Some.Not.EqualTo(0), $"'{(char)c}'");
    }

    [Test]
    public void PrintableGlyphsAreAllDifferent()
    {
        for (int a = 0x20; a <= 0x7E; a++)
        {
            for (int b = a + 1; b <= 0x7E; b++)
                Assert.That(Glyph(a), Is.Not.EqualTo(Glyph(b)), $"'{(char)a}' and '{(char)b}'");
        }
    }

    [Test]
    public void GlyphsKeepTheMarginsSoNeighboursNeverTouch()
    {
        for (int c = 0x20; c <= 0x7F; c++)
        {
            byte[] glyph = Glyph(c);
            Assert.That((glyph[0], glyph[1], glyph[15]), Is.EqualTo((0, 0, 0)), $"top and bottom rows of 0x{c:x2}");
            Assert.That(glyph, Has.All.Matches<byte>(row => (row & 1) == 0), $"eighth column of 0x{c:x2}");
        }
    }

    [Test]
    public void DescendersGoBelowTheBaselineAndCapitalsDoNot()
    {
        const int belowBaseline = Font8x16.PictureTop + 10;
        foreach (char c in "gjpqy")
            Assert.That(Glyph(c)[belowBaseline + 1], Is.Not.EqualTo(0), $"'{c}'");
        for (char c = 'A'; c <= 'Z'; c++)
        {
            if (c != 'Q')
                Assert.That(Glyph(c)[belowBaseline], Is.EqualTo(0), $"'{c}'");
        }
    }

    [Test]
    public void CharactersWithoutAPictureShowTheUnknownBoxAndFullBlockIsSolid()
    {
        byte[] box = Glyph(Font8x16.Unknown);
        Assert.That(box[Font8x16.PictureTop], Is.EqualTo(0xFE), "the box's top edge");
        Assert.That(Glyph(0x00), Is.EqualTo(box));
        Assert.That(Glyph(0x1B), Is.EqualTo(box));
        Assert.That(Glyph(0x80), Is.EqualTo(box));
        Assert.That(Glyph(0xFF), Is.EqualTo(box));
        Assert.That(Glyph(Font8x16.FullBlock), Is.All.EqualTo(0xFF));
    }

    [Test]
    public void TheLetterHHasTwoUprightsAndABar()
    {
        byte[] h = Glyph('H');
        Assert.That(h[Font8x16.PictureTop], Is.EqualTo(0b0100_0100));
        Assert.That(h[Font8x16.PictureTop + 4], Is.EqualTo(0b0111_1100));
    }
}
