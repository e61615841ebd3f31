using System.Text;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// The console's 80x25 text screen: where bytes land, the cursor, scrolling.
public class ScreenTests
{
    private static Screen Write(string text, Screen? screen = null)
    {
        screen ??= new Screen();
        foreach (byte b in Encoding.Latin1.GetBytes(text))
            screen.Put(b);
        return screen;
    }

    [Test]
    public void CharactersGoLeftToRightWithTheDefaultAttribute()
    {
        Screen screen = Write("Hi");
        Assert.That(screen.Cells[0], Is.EqualTo(0x0748));
        Assert.That(screen.Cells[1], Is.EqualTo(0x0769));
        Assert.That(screen.Cells[2], Is.EqualTo(0x0720), "blank");
        Assert.That(screen.Cursor, Is.EqualTo(2));
    }

    [Test]
    public void NewlineStartsTheNextRowAndCarriageReturnItsOwn()
    {
        Screen screen = Write("one\ntwo\rT");
        Assert.That(screen.RowText(0), Is.EqualTo("one"));
        Assert.That(screen.RowText(1), Is.EqualTo("Two"));
        Assert.That((screen.Row, screen.Column), Is.EqualTo((1, 1)));
    }

    [Test]
    public void TabGoesToTheNextMultipleOfEight()
    {
        Screen screen = Write("ab\tc\t\td");
        Assert.That(screen.CharacterAt(0, 8), Is.EqualTo('c'));
        Assert.That(screen.CharacterAt(0, 24), Is.EqualTo('d'));
        Write(new string('z', 77) + "\t", screen = new Screen());
        Assert.That((screen.Row, screen.Column), Is.EqualTo((1, 0)), "a tab past the last stop wraps");
    }

    [Test]
    public void BackspaceSpaceBackspaceErases()
    {
        Screen screen = Write("ab\b \b");
        Assert.That(screen.RowText(0), Is.EqualTo("a"));
        Assert.That(screen.Column, Is.EqualTo(1));
        Write("\b\b\b", screen);
        Assert.That(screen.Column, Is.Zero, "never left of the first column");
    }

    [Test]
    public void LongLinesWrap()
    {
        Screen screen = Write(new string('w', 85));
        Assert.That(screen.RowText(0), Is.EqualTo(new string('w', 80)));
        Assert.That(screen.RowText(1), Is.EqualTo("wwwww"));
        Assert.That(screen.Cursor, Is.EqualTo(85));
    }

    [Test]
    public void PastTheLastRowEverythingScrollsUp()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 30; i++)
            text.Append($"line {i:00}\n");
        Screen screen = Write(text.ToString());
        // 30 lines: the last is on row 23, the cursor at the start of row 24.
        Assert.That(screen.RowText(23), Is.EqualTo("line 29"));
        Assert.That(screen.RowText(0), Is.EqualTo("line 06"));
        Assert.That(screen.RowText(24), Is.Empty);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((24, 0)));
    }

    [Test]
    public void OtherControlBytesAreIgnoredAndHighBytesAreGlyphs()
    {
        Screen screen = Write("a\a\x01\x02" + "b\xdb");
        Assert.That(screen.RowText(0), Is.EqualTo("ab\xdb"));
    }

    [Test]
    public void AGlyphInTheLastColumnWrapsOnlyWhenAnotherFollows()
    {
        Screen screen = Write(new string('x', 80));
        Assert.That((screen.Row, screen.Column), Is.EqualTo((0, 79)));
        Write("\n", screen);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((1, 0)), "one row down, not two");

        // The bottom row filled to its end does not scroll the screen.
        screen = Write("top\u001b[25;1H" + new string('s', 80));
        Assert.That(screen.RowText(0), Is.EqualTo("top"));
        Assert.That(screen.RowText(24), Is.EqualTo(new string('s', 80)));
    }

    [Test]
    public void AdoptingAScreenContinuesBelowItsText()
    {
        Screen before = Write("firmware\nloader\n\n");
        var screen = new Screen();
        screen.Adopt(before.Cells);
        Assert.That((screen.Row, screen.Column), Is.EqualTo((2, 0)));
        Assert.That(screen.RowText(1), Is.EqualTo("loader"));

        var full = new Screen();
        full.Adopt(Write(new string('f', 80 * 25 - 1)).Cells);
        Assert.That((full.Row, full.Column), Is.EqualTo((24, 0)), "a full screen scrolls once");
        Assert.That(full.RowText(24), Is.Empty);

        var blank = new Screen();
        blank.Adopt(new Screen().Cells);
        Assert.That(blank.Cursor, Is.Zero);
    }
}
